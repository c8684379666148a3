package io.tachyon.console.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The options of the stacks view. */
@Command(name = "stacks", description = {
        "Collapsed stacks, one line per distinct stack: caller;...;callee samples.",
        "Kernel frames end in _[k]. The output is flamegraph.pl and inferno input."})
final class StacksOptions {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;
}
