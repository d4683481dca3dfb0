/**
 * The {@code synchrony} command (picocli): one class per subcommand, option parsing shared by the commands that
 * run algorithms, and exit codes 0 (held), 1 (violated), 2 (bad usage), 3 (internal error).
 */
package dev.synchrony.cli;
