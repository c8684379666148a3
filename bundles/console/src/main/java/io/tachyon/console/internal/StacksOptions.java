package io.tachyon.console.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Optional;

/** The options of the stacks view: which samples. */
@Command(name = "stacks", description = {
        "Collapsed stacks, one line per distinct stack: caller;...;callee samples.",
        "Kernel frames end in _[k]. The output is flamegraph.pl and inferno input."})
final class StacksOptions {

    @Mixin
    private SampleSelection selection = new SampleSelection();

    @Option(names = "--json", description = "Print the stacks as JSON (frames outermost first, times in"
            + " nanoseconds) instead.")
    private boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    SampleSelection selection() {
        return selection;
    }

    boolean json() {
        return json;
    }

    /** What is wrong with the options, if anything. */
    Optional<String> problem() {
        return selection.problem();
    }
}
