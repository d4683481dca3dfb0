/**
 * The wire codec: message types registered from each protocol's sealed interface and numbered alike on every
 * member; decoding can build only registered types, and every length is checked before anything is allocated.
 */
package dev.synchrony.net.codec;
