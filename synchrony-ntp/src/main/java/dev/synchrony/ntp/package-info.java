/**
 * NTP on the wire: RFC 5905 packets and timestamps, a server and an SNTP client over UDP, symmetric-key MACs
 * (RFC 8573), Network Time Security (RFC 8915), and the load generator of {@code synchrony ntp bench}.
 */
package dev.synchrony.ntp;
