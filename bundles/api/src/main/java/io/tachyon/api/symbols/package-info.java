/** Symbol sources: turning module addresses into function names. Consulted by service.ranking. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.tachyon.api.symbols;
