/**
 * The operators' web console (Jakarta Faces and PrimeFaces): sign-in, overview, entries, gateways,
 * audit log, API tokens and console users, in English and Chinese. Pages live under /console/
 * (the sign-in page is /login.xhtml); every change goes through the same services as the API.
 */
package io.egressgate.server.console;
