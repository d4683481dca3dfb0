/**
 * Benchmarks, each beside the baseline it is judged against in the same run: JMH benchmarks of the simulator, the
 * explorer, the codec and the algorithms, and bench commands for the network runtime ({@code RuntimeBench}) and
 * very large simulated runs ({@code LargeRun}).
 */
package dev.synchrony.bench;
