/**
 * What every REST call shares: the /api/v1 application, bearer-token authentication and role
 * checks, the request-body limit, and RFC 7807 problem answers for every error.
 */
package io.egressgate.server.api;
