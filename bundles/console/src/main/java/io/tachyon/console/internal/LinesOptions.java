package io.tachyon.console.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Optional;

/** The options of the lines view: which samples and how many lines. */
@Command(name = "lines", description = {
        "Source lines by self time: each sample's sampled instruction on the line the capture's embedded lines (or"
                + " the module's DWARF here) place it, the innermost inlined call's line where one was inlined;"
                + " code without line information counts once per function, as ??. The JSON keeps whole paths."})
final class LinesOptions {

    @Mixin
    private RowsOptions rows = new RowsOptions();

    int limit() {
        return rows.limit();
    }

    SampleSelection selection() {
        return rows.selection();
    }

    boolean json() {
        return rows.json();
    }

    /** What is wrong with the options, if anything. */
    Optional<String> problem() {
        return rows.problem();
    }
}
