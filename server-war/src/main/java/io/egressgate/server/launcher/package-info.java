/**
 * The runnable jar's entry point: reads the command line and the YAML configuration, checks the
 * database, and boots Payara Micro around the WAR. None of these classes are inside the WAR; a
 * full Payara Server deployment never sees them.
 */
package io.egressgate.server.launcher;
