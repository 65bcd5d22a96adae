/**
 * The command line: flags (both the seed's {@code -flag} and {@code --flag} spellings), the modes
 * (keep routes, dry run, remove), exit codes and one-line messages for mistakes.
 */
package io.egressgate.route.cli;
