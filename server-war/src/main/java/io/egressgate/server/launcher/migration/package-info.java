/**
 * Moving an allowlist over from the Go original, outputGuard: its {@code crawler_proxies} table is
 * read over JDBC, turned into an import plan, and every entry is added through a running server's
 * API, so that validation, audit and revisions are the server's own. Part of the runnable jar only.
 */
package io.egressgate.server.launcher.migration;
