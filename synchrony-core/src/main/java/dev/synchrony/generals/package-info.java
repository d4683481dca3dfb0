/**
 * The Two Generals' problem: two generals that send k copies of each message over a lossy channel, to show that
 * no protocol guarantees agreement.
 */
package dev.synchrony.generals;
