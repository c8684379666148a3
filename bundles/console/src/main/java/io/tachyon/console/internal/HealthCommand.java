package io.tachyon.console.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.tachyon.api.analysis.CaptureAnalyzer;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.CaptureModelFactory;
import io.tachyon.api.analysis.Finding;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
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
        HealthArguments arguments = new HealthArguments();
        CommandLine commandLine = Arguments.commandLine(arguments);
        if (!Arguments.parse(commandLine, out, args)) {
            return;
        }
        List<CaptureAnalyzer> present = new ArrayList<>(analyzers.values());
        if (present.isEmpty()) {
            throw new CommandException("No capture analyzer is installed (is the io.tachyon.health bundle running?)");
        }
        Path capture = workingDirectory.resolve(arguments.file).normalize();
        CaptureModel model = CaptureFiles.open(models, capture, arguments.file);
        List<Finding> findings = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (CaptureAnalyzer analyzer : present) {
            try {
                findings.addAll(analyzer.analyze(model));
            } catch (RuntimeException e) {
                failures.put(analyzer.id(), String.valueOf(e.getMessage()));
            }
        }
        findings.sort(MOST_SEVERE_FIRST);
        List<String> ids = present.stream().map(CaptureAnalyzer::id).toList();
        out.print(arguments.json ? json(model, ids, findings, failures) : text(model, ids, findings, failures));
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
                    + " without samples, stalls of sampling on every CPU) reports what it found, most severe first."})
    static final class HealthArguments {

        @Option(names = "--json", description = "Print the findings as JSON.")
        private boolean json;

        @Parameters(paramLabel = "FILE", description = "The capture file.")
        private String file;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        private boolean help;
    }
}
