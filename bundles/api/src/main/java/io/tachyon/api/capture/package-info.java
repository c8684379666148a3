/** Capture storage: writing a capture while recording and reading it back. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.tachyon.api.capture;
