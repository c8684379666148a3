package io.tachyon.console.internal;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.ParameterException;

import java.io.PrintStream;

/** Parses a command's arguments with picocli and turns picocli's complaints into usage errors. */
final class Arguments {

    private Arguments() {
    }

    /** A picocli command line for {@code options} with the settings every Tachyon command shares. */
    static CommandLine commandLine(Object options) {
        CommandLine commandLine = new CommandLine(options);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    /**
     * Fills the command's options from {@code args}.
     *
     * @return false when the user asked for help, which has then been printed to {@code out}
     * @throws CommandException naming what is wrong with the arguments, followed by the usage
     */
    static boolean parse(CommandLine commandLine, PrintStream out, String... args) throws CommandException {
        try {
            commandLine.parseArgs(args);
        } catch (ParameterException e) {
            throw usageError(commandLine, e.getMessage());
        }
        if (commandLine.isUsageHelpRequested()) {
            out.print(commandLine.getUsageMessage(Ansi.OFF));
            return false;
        }
        return true;
    }

    /** An error about the arguments of {@code commandLine}'s command, followed by its synopsis. */
    static CommandException usageError(CommandLine commandLine, String problem) {
        Help help = commandLine.getHelp();
        return new CommandException(commandLine.getCommandName() + ": " + problem + "\n"
                + help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength())
                + "Run " + commandLine.getCommandName() + " --help for the details.");
    }
}
