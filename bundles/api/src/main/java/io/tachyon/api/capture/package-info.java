/** Capture storage: writing a capture while recording and reading it back. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.tachyon.api.capture;
