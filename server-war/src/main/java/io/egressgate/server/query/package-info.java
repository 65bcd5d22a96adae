/**
 * Querying the database by hand, the same way everywhere: IN lists in small chunks, LIKE patterns in
 * which what a person typed matches itself, and WHERE clauses made of the conditions a search asks for.
 */
package io.egressgate.server.query;
