/** What the WAR tells the launcher about its start: why it failed, what an operator command did. */
package io.egressgate.server.startup;
