/**
 * Baselines of the codec benchmark only: the previous wire codec and a Kryo codec with class registration, kept
 * to measure the registered codec against; nothing outside the benchmarks uses them.
 */
package dev.synchrony.bench.codec;
