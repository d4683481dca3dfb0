/**
 * The catalog of algorithms: for each one its name, its {@link dev.synchrony.catalog.Family}, its options with
 * defaults and validation, how many processes it runs with by default, how its node is built for an
 * {@link dev.synchrony.catalog.Environment}, and its {@link dev.synchrony.catalog.LinkPolicy}. Every runtime (the
 * simulator, the explorer, the network runtime, the Java API) builds nodes through this one place, so an
 * algorithm is assembled the same way wherever it runs.
 */
package dev.synchrony.catalog;
