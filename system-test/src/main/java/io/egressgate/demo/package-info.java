/** The demo: the whole system brought up in namespaces on one machine for a person to try. */
package io.egressgate.demo;
