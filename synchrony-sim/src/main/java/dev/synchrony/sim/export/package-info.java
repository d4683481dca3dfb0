/**
 * What a run leaves for people and tools: trace.jsonl, ShiViz's log, the space-time diagram (SVG), the
 * interactive viewer and summary.json.
 */
package dev.synchrony.sim.export;
