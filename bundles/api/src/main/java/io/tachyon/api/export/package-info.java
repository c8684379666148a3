/** Exporters to other tools' formats, one service per format. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.tachyon.api.export;
