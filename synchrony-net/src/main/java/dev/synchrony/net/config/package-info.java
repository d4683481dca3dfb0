/**
 * The cluster configuration (members, security, services) read from YAML, with errors that name the file, line
 * and field.
 */
package dev.synchrony.net.config;
