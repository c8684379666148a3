package io.tachyon.console.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.tachyon.api.analysis.CaptureAnalyzer;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.CaptureModelFactory;
import io.tachyon.api.analysis.Finding;
import io.tachyon.api.event.CollectorNotice;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * {@code tachyon:health FILE [--json]}: runs every {@link CaptureAnalyzer} present over a capture and prints
 * their findings, most severe first (then in time order), or that there are none. Analyzers come and go with
 * their bundles; those present when the command runs are asked. An analyzer that fails is reported by name and
 * the others still speak.
 */
@Component(service = HealthCommand.class, property = {
        "osgi.command.scope=tachyon",
        "osgi.command.function=health"})
public final class HealthCommand {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    /** How many findings the record summary names. */
    static final int SUMMARY_FINDINGS = 3;
    /** The notice in which the collector reports the sampling rate it achieved. */
    static final String ACHIEVED_RATE = "achieved-rate";
    private static final Comparator<Finding> MOST_SEVERE_FIRST = Comparator.comparing(Finding::severity).reversed()
            .thenComparingLong(Finding::startTime).thenComparing(Finding::analyzerId);

    private final CaptureModelFactory models;
    /** The analyzers present, by id. */
    private final Map<String, CaptureAnalyzer> analyzers = new ConcurrentSkipListMap<>();

    @Activate
    public HealthCommand(@Reference(name = "models") CaptureModelFactory models) {
        this.models = models;
    }

    @Reference(name = "analyzer", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeAnalyzer")
    void addAnalyzer(CaptureAnalyzer analyzer) {
        analyzers.put(analyzer.id(), analyzer);
    }

    void removeAnalyzer(CaptureAnalyzer analyzer) {
        analyzers.remove(analyzer.id(), analyzer);
    }

    @Descriptor("check whether a capture can be trusted: lost records, sampling gaps, stalls")
    public void health(CommandSession session, @Descriptor("FILE [--json]") String... args) throws CommandException {
        run(session.currentDir(), System.out, args);
    }

    void run(Path workingDirectory, PrintStream out, String... args) throws CommandException {
        run(models, new ArrayList<>(analyzers.values()), workingDirectory, out, args);
    }

    /**
     * {@code tachyon:report FILE health [--json]}: the same, with the analyzers registered when it runs (looked up
     * through this bundle's context, since the view commands do not hold them).
     */
    static void report(CaptureModelFactory models, Path workingDirectory, PrintStream out, String... args)
            throws CommandException {
        try (Analyzers present = Analyzers.present()) {
            run(models, present.list(), workingDirectory, out, args);
        }
    }

    private static void run(CaptureModelFactory models, List<CaptureAnalyzer> present, Path workingDirectory,
            PrintStream out, String... args) throws CommandException {
        HealthArguments arguments = new HealthArguments();
        CommandLine commandLine = Arguments.commandLine(arguments);
        if (!Arguments.parse(commandLine, out, args)) {
            return;
        }
        if (present.isEmpty()) {
            throw new CommandException("No capture analyzer is installed (is the io.tachyon.health bundle running?)");
        }
        Path capture = workingDirectory.resolve(arguments.file).normalize();
        CaptureModel model = CaptureFiles.open(models, capture, arguments.file);
        Checked checked = check(model, present);
        List<String> ids = present.stream().map(CaptureAnalyzer::id).toList();
        out.print(arguments.json ? json(model, ids, checked.findings(), checked.failures())
                : text(model, ids, checked.findings(), checked.failures()) + notices(model));
    }

    /** What the analyzers said: findings most severe first, and the analyzers that failed with why. */
    record Checked(List<Finding> findings, Map<String, String> failures) {
    }

    static Checked check(CaptureModel model, List<CaptureAnalyzer> analyzers) {
        List<Finding> findings = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (CaptureAnalyzer analyzer : analyzers) {
            try {
                findings.addAll(analyzer.analyze(model));
            } catch (RuntimeException e) {
                failures.put(analyzer.id(), String.valueOf(e.getMessage()));
            }
        }
        findings.sort(MOST_SEVERE_FIRST);
        return new Checked(findings, failures);
    }

    /**
     * The short health summary {@code tachyon:record} ends with: the findings by severity and the most severe few,
     * or that there are none; then what the collector noted (warnings, the achieved sampling rate).
     */
    static String summary(CaptureModel model, List<CaptureAnalyzer> analyzers) {
        StringBuilder text = new StringBuilder();
        Checked checked = check(model, analyzers);
        List<Finding> findings = checked.findings();
        if (findings.isEmpty()) {
            text.append("Health:        no findings\n");
        } else {
            Map<Finding.Severity, Long> bySeverity = new TreeMap<>(Comparator.reverseOrder());
            findings.forEach(finding -> bySeverity.merge(finding.severity(), 1L, Long::sum));
            text.append("Health:        ").append(findings.size()).append(findings.size() == 1 ? " finding (" :
                    " findings (");
            text.append(String.join(", ", bySeverity.entrySet().stream().map(entry -> entry.getValue() + " "
                    + entry.getKey().name().toLowerCase(Locale.ROOT)).toList()));
            text.append("); tachyon report ").append(model.file().getFileName()).append(" health lists them\n");
            findings.stream().limit(SUMMARY_FINDINGS).forEach(finding -> text.append("  ")
                    .append(finding.severity()).append(' ').append(finding.analyzerId()).append(": ")
                    .append(finding.summary()).append('\n'));
        }
        checked.failures().forEach((id, problem) -> text.append("  the analyzer ").append(id)
                .append(" failed: ").append(problem).append('\n'));
        return text + notices(model);
    }

    /** The collector's notices worth a line: warnings and errors, and the sampling rate achieved. */
    private static String notices(CaptureModel model) {
        StringBuilder text = new StringBuilder();
        for (CollectorNotice notice : model.notices()) {
            if (notice.severity() != CollectorNotice.Severity.INFO) {
                text.append("Collector ").append(notice.severity().name().toLowerCase(Locale.ROOT)).append(" (")
                        .append(notice.code()).append("): ").append(notice.message()).append('\n');
            } else if (notice.code().equals(ACHIEVED_RATE)) {
                text.append("Sampling:      ").append(notice.message()).append('\n');
            }
        }
        return text.toString();
    }

    /**
     * The analyzer services registered now, got through this bundle's context and released on {@link #close()};
     * none outside a framework.
     */
    static final class Analyzers implements AutoCloseable {

        private final BundleContext context;
        private final List<ServiceReference<CaptureAnalyzer>> references;
        private final List<CaptureAnalyzer> analyzers = new ArrayList<>();

        private Analyzers(BundleContext context, List<ServiceReference<CaptureAnalyzer>> references) {
            this.context = context;
            this.references = references;
            for (ServiceReference<CaptureAnalyzer> reference : references) {
                CaptureAnalyzer analyzer = context.getService(reference);
                if (analyzer != null) {
                    analyzers.add(analyzer);
                }
            }
            analyzers.sort(Comparator.comparing(CaptureAnalyzer::id));
        }

        static Analyzers present() {
            Bundle bundle = FrameworkUtil.getBundle(HealthCommand.class);
            BundleContext context = bundle == null ? null : bundle.getBundleContext();
            if (context == null) {
                return new Analyzers(null, List.of());
            }
            try {
                return new Analyzers(context, List.copyOf(context.getServiceReferences(CaptureAnalyzer.class, null)));
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException("a null filter cannot be invalid", e);
            }
        }

        List<CaptureAnalyzer> list() {
            return List.copyOf(analyzers);
        }

        @Override
        public void close() {
            for (ServiceReference<CaptureAnalyzer> reference : references) {
                try {
                    context.ungetService(reference);
                } catch (IllegalStateException stopped) {
                    // The bundle stopped meanwhile: its services are released already.
                }
            }
        }
    }

    private static String text(CaptureModel model, List<String> ids, List<Finding> findings,
            Map<String, String> failures) {
        StringBuilder text = new StringBuilder();
        String checked = String.join(", ", ids);
        if (findings.isEmpty()) {
            text.append("No findings: ").append(model.file()).append(" passed every check (").append(checked)
                    .append(").\n");
        } else {
            text.append(String.format(Locale.ROOT, "%d finding%s in %s (checked: %s); times in ms from the"
                    + " capture's start:%n", findings.size(), findings.size() == 1 ? "" : "s", model.file(), checked));
            for (Finding finding : findings) {
                text.append(String.format(Locale.ROOT, "%-7s %-14s %12s-%-12s %s%n", finding.severity(),
                        finding.analyzerId(), millis(model, finding.startTime()), millis(model, finding.endTime()),
                        finding.summary()));
            }
        }
        failures.forEach((id, problem) -> text.append("The analyzer ").append(id).append(" failed: ").append(problem)
                .append('\n'));
        return text.toString();
    }

    private static String json(CaptureModel model, List<String> ids, List<Finding> findings,
            Map<String, String> failures) {
        JsonObject root = new JsonObject();
        root.addProperty("file", model.file().toString());
        JsonArray analyzers = new JsonArray();
        ids.forEach(analyzers::add);
        root.add("analyzers", analyzers);
        JsonArray list = new JsonArray();
        for (Finding finding : findings) {
            JsonObject item = new JsonObject();
            item.addProperty("analyzer", finding.analyzerId());
            item.addProperty("severity", finding.severity().name());
            item.addProperty("summary", finding.summary());
            item.addProperty("startTime", finding.startTime());
            item.addProperty("endTime", finding.endTime());
            item.addProperty("startMs", new BigDecimal(millis(model, finding.startTime())));
            item.addProperty("endMs", new BigDecimal(millis(model, finding.endTime())));
            list.add(item);
        }
        root.add("findings", list);
        JsonObject failed = new JsonObject();
        failures.forEach(failed::addProperty);
        root.add("failures", failed);
        return GSON.toJson(root) + "\n";
    }

    /** {@code time} in milliseconds from the capture's start, exactly, to the microsecond. */
    private static String millis(CaptureModel model, long time) {
        return BigDecimal.valueOf(time - model.startTime()).movePointLeft(6).setScale(3, RoundingMode.DOWN)
                .toPlainString();
    }

    @Command(name = "tachyon:health", description = {
            "Checks whether a capture can be trusted: every analyzer installed (lost records, threads that ran"
                    + " without samples, stalls of sampling on every CPU, throttling, kernel log lines, the"
                    + " collector's notices, the sampling rate achieved) reports what it found, most severe first."})
    static final class HealthArguments {

        @Option(names = "--json", description = "Print the findings as JSON.")
        private boolean json;

        @Parameters(paramLabel = "FILE", description = "The capture file.")
        private String file;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        private boolean help;
    }
}
