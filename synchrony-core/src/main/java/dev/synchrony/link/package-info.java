/**
 * Channel guarantees as a layer: the reliable FIFO link wraps any node and gives it exactly-once, in-order
 * delivery per pair of incarnations over a network that loses, duplicates and reorders.
 */
package dev.synchrony.link;
