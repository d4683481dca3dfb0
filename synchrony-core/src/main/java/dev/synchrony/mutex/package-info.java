/**
 * Mutual exclusion: centralized, decentralized (majority vote), Ricart-Agrawala, token ring and the centralized
 * algorithm with an elected coordinator (failover), all taking {@code MutexCommand}s and granting with fencing
 * tokens.
 */
package dev.synchrony.mutex;
