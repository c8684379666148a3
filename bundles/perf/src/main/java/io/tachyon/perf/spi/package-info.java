/**
 * What the architecture-neutral perf collector needs to know about one CPU architecture. Each
 * architecture bundle (perf.x86_64, perf.aarch64, ...) registers one {@link io.tachyon.perf.spi.PerfArchitecture}
 * service and resolves only on its own machine.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.tachyon.perf.spi;
