/** The analysed view of a capture that every viewer and exporter reads, and the analyzers that check it. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package io.tachyon.api.analysis;
