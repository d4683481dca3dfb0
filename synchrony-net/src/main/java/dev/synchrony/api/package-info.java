/**
 * The application API over the network runtime: {@code SynchronyMember}, distributed locks with fencing tokens
 * and fenced resources, leader election, and totally and causally ordered multicast.
 */
package dev.synchrony.api;
