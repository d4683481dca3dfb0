/**
 * Stable storage for nodes over the network: one directory per member and service, one checksummed file per key,
 * written through a temporary file, forced to disk and renamed, so a write returns only once it is durable.
 */
package dev.synchrony.net.storage;
