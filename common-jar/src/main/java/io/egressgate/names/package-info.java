/**
 * Domain names as operators enter them and DNS needs them: validated once, internationalised names
 * turned into lower-case punycode, so that one name has exactly one spelling everywhere.
 */
package io.egressgate.names;
