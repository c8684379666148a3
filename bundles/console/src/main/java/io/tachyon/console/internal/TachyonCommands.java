package io.tachyon.console.internal;

import io.tachyon.api.analysis.CaptureModelFactory;
import io.tachyon.api.capture.CaptureStore;
import io.tachyon.api.collect.Collector;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Gogo commands of scope {@code tachyon}. A thin shell: the work is done by {@link RecordCommand},
 * {@link ViewCommands} and {@link ConsoleViews}. Each command takes the user's words as typed and parses
 * them itself, so the shell and the launcher's single command line behave the same.
 */
@Component(service = TachyonCommands.class, property = {
        "osgi.command.scope=tachyon",
        "osgi.command.function=collectors",
        "osgi.command.function=record",
        "osgi.command.function=top",
        "osgi.command.function=functions",
        "osgi.command.function=tree",
        "osgi.command.function=bottomup",
        "osgi.command.function=butterfly",
        "osgi.command.function=cpus",
        "osgi.command.function=threads",
        "osgi.command.function=waits",
        "osgi.command.function=timeline",
        "osgi.command.function=report"})
public final class TachyonCommands {

    /** How long stopping the commands waits for running recordings to complete their files. */
    static final Duration RECORDING_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private final CaptureStore store;
    private final CaptureModelFactory models;
    private final ActiveRecordings recordings = new ActiveRecordings();

    /** Collectors come and go at run time; each command works on the ones present when it starts. */
    private final List<Collector> collectors = new CopyOnWriteArrayList<>();

    @Activate
    public TachyonCommands(@Reference(name = "store") CaptureStore store,
            @Reference(name = "models") CaptureModelFactory models) {
        this.store = store;
        this.models = models;
    }

    /** Running recordings are stopped and complete their files before the commands go away. */
    @Deactivate
    void deactivate() {
        try {
            if (!recordings.stopAll(RECORDING_SHUTDOWN_TIMEOUT)) {
                System.err.println("tachyon: a recording did not finish within "
                        + RECORDING_SHUTDOWN_TIMEOUT.toSeconds() + " s of being stopped; its capture may be cut short.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Reference(name = "collector", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeCollector")
    void addCollector(Collector collector) {
        collectors.add(collector);
    }

    void removeCollector(Collector collector) {
        collectors.remove(collector);
    }

    @Descriptor("list the collectors: id, architecture, whether they can record here (and why not), capabilities")
    public void collectors() {
        System.out.print(ConsoleViews.collectors(
                CollectorChooser.describe(collectors).stream().map(CollectorChooser.Described::info).toList()));
    }

    @Descriptor("record a command, a process (-p) or all CPUs (-a) into a capture file; --help for the options")
    public void record(CommandSession session,
            @Descriptor("[-o FILE] [-F HZ] [-g [fp|none]] [--duration SECONDS] [--user-only] [--no-embed]"
                    + " [--collector ID]"
                    + " (-- COMMAND [ARGS...] | -p PID | -a)") String... args) throws CommandException {
        ProgressLine progress = new ProgressLine(System.err, System.console() != null);
        try (ActiveRecordings.Registration recording = recordings.begin()) {
            new RecordCommand(store, models, System.out, progress).run(session.currentDir(), List.copyOf(collectors), args);
        }
    }

    @Descriptor("show the functions of a capture by self and total time")
    public void top(CommandSession session,
            @Descriptor("[--limit N] [--sort self|total] FILE") String... args) throws CommandException {
        new ViewCommands(models, System.out).top(session.currentDir(), args);
    }

    @Descriptor("show the threads of a capture with their time running, runnable, sleeping and in IO")
    public void threads(CommandSession session,
            @Descriptor("[--limit N] [--json] FILE") String... args) throws CommandException {
        new ViewCommands(models, System.out).threads(session.currentDir(), args);
    }

    @Descriptor("show where the threads of a capture waited, how long, and who woke them")
    public void waits(CommandSession session,
            @Descriptor("[--limit N] [--thread TID...] [--stacks N] [--json] FILE") String... args)
            throws CommandException {
        new ViewCommands(models, System.out).waits(session.currentDir(), args);
    }

    @Descriptor("draw each thread's states over time, one character per slice")
    public void timeline(CommandSession session,
            @Descriptor("[--range START-END] [--width COLUMNS] [--thread TID...] FILE") String... args)
            throws CommandException {
        new ViewCommands(models, System.out).timeline(session.currentDir(), args);
    }

    @Descriptor("show every function of a capture with its self and total time, samples and percentage")
    public void functions(CommandSession session,
            @Descriptor("[--range START-END] [--thread TID...] [--process PID...] [--focus|--exclude|--merge F]"
                    + " [--limit N] [--sort self|total] [--json] FILE") String... args) throws CommandException {
        new ViewCommands(models, System.out).functions(session.currentDir(), args);
    }

    @Descriptor("show the top-down call tree of a capture, outermost callers first")
    public void tree(CommandSession session,
            @Descriptor("[selection] [--limit N] [--min-percent P] [--depth D] [--json] FILE") String... args)
            throws CommandException {
        new ViewCommands(models, System.out).tree(session.currentDir(), false, args);
    }

    @Descriptor("show the bottom-up call tree of a capture, sampled functions first, then their callers")
    public void bottomup(CommandSession session,
            @Descriptor("[selection] [--limit N] [--min-percent P] [--depth D] [--json] FILE") String... args)
            throws CommandException {
        new ViewCommands(models, System.out).tree(session.currentDir(), true, args);
    }

    @Descriptor("show a function of a capture with its direct callers and callees")
    public void butterfly(CommandSession session,
            @Descriptor("[selection] [--limit N] [--json] FUNCTION FILE") String... args) throws CommandException {
        new ViewCommands(models, System.out).butterfly(session.currentDir(), args);
    }

    @Descriptor("show how busy each CPU of a capture was over time")
    public void cpus(CommandSession session,
            @Descriptor("[--range START-END] [--width COLUMNS] [--json] FILE") String... args) throws CommandException {
        new ViewCommands(models, System.out).cpus(session.currentDir(), args);
    }

    @Descriptor("show a view of a capture: top, functions, lines, tree, bottomup, butterfly, threads, waits, timeline,"
            + " cpus or stacks")
    public void report(CommandSession session,
            @Descriptor("FILE VIEW [view options]") String... args) throws CommandException {
        new ViewCommands(models, System.out).report(session.currentDir(), args);
    }
}
