/**
 * {@code LeaseLock}: a lock and a leadership that stay safe under partitions and pauses, from terms chosen by a
 * majority with durable votes, leader leases, grant leases counted from the holder's request and fencing tokens
 * (docs/lease-lock.md has the safety argument and its timing assumptions).
 */
package dev.synchrony.lease;
