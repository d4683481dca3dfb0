/**
 * Throwaway certificate authorities and member certificates for trials and tests ({@code synchrony certs}).
 */
package dev.synchrony.net.tls;
