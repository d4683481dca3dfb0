/**
 * The network runtime: members that connect over TCP (Netty), prove who they are (mutual TLS or a shared
 * secret), frame and decode messages, and host each node on its own event loop as its {@code Context}.
 */
package dev.synchrony.net.runtime;
