/** Collectors: services that record a target and push events into an EventSink. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.tachyon.api.collect;
