/**
 * Logical clocks as values: Lamport clocks, vector clocks and hybrid logical clocks, with the comparisons the
 * happened-before relation needs.
 */
package dev.synchrony.clocks;
