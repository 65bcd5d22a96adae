/** The database schema: Flyway migrations run once at start-up, before anything else touches the database. */
package io.egressgate.server.schema;
