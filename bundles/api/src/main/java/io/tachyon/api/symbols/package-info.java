/**
 * Symbol sources: turning module addresses into functions, source lines and inlined frames. Consulted by
 * service.ranking.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.tachyon.api.symbols;
