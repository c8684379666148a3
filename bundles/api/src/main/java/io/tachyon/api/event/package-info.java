/** The event model: what a collector records and a capture holds. Times are nanoseconds on the capture's one monotonic clock. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.tachyon.api.event;
