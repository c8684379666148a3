package io.tachyon.analysis.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.FunctionCost;
import io.tachyon.api.capture.CaptureStore;
import io.tachyon.api.capture.CaptureWriter;
import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.SymbolizedFrame;
import io.tachyon.storage.internal.TcapCaptureStore;
import io.tachyon.symbols.internal.ElfSymbolResolver;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Symbols embedded in a real capture (storage bundle), taken from a real shared object named by the real ELF
 * resolver (symbols bundle), name the frames once the shared object is gone.
 */
class EmbeddedSymbolsTest {

    private static final int PID = 4242;
    private static final long START = 1_000_000;
    private static final long LIB_START = 0x7f0000000000L;
    private static final String SOURCE = """
            int leaf_work(int n) { int s = 0; for (int i = 0; i < n; i++) s += i * i; return s; }
            int middle_step(int n) { return leaf_work(n) + 1; }
            int never_sampled(int n) { return n * 3; }
            """;

    @TempDir
    Path directory;
    private Path library;
    private long leafWork;
    private long middleStep;
    private final CaptureStore store = new TcapCaptureStore(defaults(TcapCaptureStore.Config.class));

    @BeforeEach
    void buildLibrary() throws Exception {
        Path source = directory.resolve("embed.c");
        Files.writeString(source, SOURCE);
        library = directory.resolve("libembed.so");
        run("gcc", "-shared", "-fPIC", "-O0", "-o", library.toString(), source.toString());
        for (String line : run("nm", library.toString()).split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3 && fields[2].equals("leaf_work")) {
                leafWork = Long.parseLong(fields[0], 16);
            } else if (fields.length == 3 && fields[2].equals("middle_step")) {
                middleStep = Long.parseLong(fields[0], 16);
            }
        }
        assertThat(leafWork).as("leaf_work in nm output").isPositive();
        assertThat(middleStep).as("middle_step in nm output").isPositive();
    }

    @Test
    void embeddedSymbolsNameFramesWhenTheModuleIsGone() throws IOException {
        DefaultCaptureModelFactory withElf = factory(new ElfSymbolResolver(defaults(ElfSymbolResolver.Config.class)));
        Path embedded = directory.resolve("embedded.tcap");
        List<EmbeddedSymbols> symbols;
        try (CaptureWriter writer = store.create(embedded)) {
            write(writer);
            writer.flush();
            // As the recorder does: the model of what was flushed so far says which symbols to embed.
            symbols = withElf.open(embedded).symbolsToEmbed();
            for (EmbeddedSymbols module : symbols) {
                writer.embedSymbols(module);
            }
        }
        Path plain = directory.resolve("plain.tcap");
        try (CaptureWriter writer = store.create(plain)) {
            write(writer);
        }
        List<String> withModule = names(withElf.open(embedded));
        assertThat(withModule).containsExactlyInAnyOrder("leaf_work", "middle_step");
        assertThat(symbols).singleElement().satisfies(module -> {
            assertThat(module.path()).isEqualTo(library.toString());
            assertThat(module.symbols()).extracting(EmbeddedSymbols.Range::name, EmbeddedSymbols.Range::address)
                    .containsExactly(tuple("leaf_work", leafWork),
                            tuple("middle_step", middleStep));
        });

        Files.move(library, directory.resolve("moved-away.so"));

        assertThat(names(withElf.open(plain))).as("without embedded symbols the moved module is unnamed")
                .allMatch(name -> name.startsWith("libembed.so+0x"));
        assertThat(names(withElf.open(embedded))).isEqualTo(withModule);
        assertThat(names(factory().open(embedded))).as("no resolver services at all").isEqualTo(withModule);
    }

    @Test
    void addressesTheEmbeddedSymbolsDoNotCoverFallBackToTheResolvers() throws IOException {
        Path capture = directory.resolve("partial.tcap");
        try (CaptureWriter writer = store.create(capture)) {
            write(writer);
            writer.embedSymbols(new EmbeddedSymbols(library.toString(), null,
                    List.of(new EmbeddedSymbols.Range(leafWork, 0x10, "embedded_leaf", null, 0, List.of()))));
        }
        DefaultCaptureModelFactory withElf = factory(new ElfSymbolResolver(defaults(ElfSymbolResolver.Config.class)));

        assertThat(names(withElf.open(capture))).containsExactlyInAnyOrder("embedded_leaf", "middle_step");
    }

    @Test
    void aNonPieExecutablesFunctionsAreFoundAgainByFileOffset() throws Exception {
        Path source = directory.resolve("fixed.c");
        Files.writeString(source, SOURCE + "int main(int argc, char **argv) { return middle_step(argc); }\n");
        Path program = directory.resolve("fixed");
        run("gcc", "-O0", "-no-pie", "-fno-pie", "-o", program.toString(), source.toString());
        long leaf = symbolAddress(program, "leaf_work");
        long middle = symbolAddress(program, "middle_step");
        // The code segment as the kernel maps it: at its virtual address, from its file offset (they differ).
        long textAddress = leaf & ~0xfffL;
        long textOffset = 0x1000;
        assertThat(textAddress).as("non-PIE code sits at its link address").isGreaterThan(textOffset);
        Path capture = directory.resolve("fixed.tcap");
        try (CaptureWriter writer = store.create(capture)) {
            writer.metadata(new CaptureMetadata("test", "1.0", "host", "6.1.0", "x86_64", "test cpu", 1,
                    List.of("fixed"), "CLOCK_MONOTONIC", START, 1_700_000_000_000_000_000L, Map.of()));
            writer.accept(new ModuleMapping(START, PID, PID, textAddress, 0x1000, textOffset, program.toString(), null));
            for (int i = 1; i <= 10; i++) {
                writer.accept(new Sample(START + i, 0, PID, PID, 1000, new long[0], new long[] {leaf + 4, middle + 0x10}));
            }
            writer.flush();
            DefaultCaptureModelFactory withElf =
                    factory(new ElfSymbolResolver(defaults(ElfSymbolResolver.Config.class)));
            for (EmbeddedSymbols module : withElf.open(capture).symbolsToEmbed()) {
                writer.embedSymbols(module);
            }
        }

        Files.move(program, directory.resolve("fixed-moved-away"));

        assertThat(names(factory().open(capture))).containsExactlyInAnyOrder("leaf_work", "middle_step");
    }

    /** The library rebuilt with DWARF, one function inlining another, so its lines include an inlined call. */
    private void buildLibraryWithLines() throws Exception {
        Path source = directory.resolve("lines.c");
        Files.writeString(source, """
                static inline __attribute__((always_inline)) int square(int x) {
                    return x * x;
                }
                int leaf_work(int n) {
                    int s = 0;
                    for (int i = 0; i < n; i++)
                        s += square(i);
                    return s;
                }
                int middle_step(int n) {
                    return leaf_work(n) + 1;
                }
                """);
        run("gcc", "-shared", "-fPIC", "-g", "-O1", "-fno-inline-small-functions", "-o", library.toString(),
                source.toString());
        leafWork = symbolAddress(library, "leaf_work");
        middleStep = symbolAddress(library, "middle_step");
    }

    @Test
    void linesCountEachSampleOnTheLineAddr2lineGivesItsInstructionWithOrWithoutTheModule() throws Exception {
        buildLibraryWithLines();
        DefaultCaptureModelFactory withElf = factory(new ElfSymbolResolver(defaults(ElfSymbolResolver.Config.class)));
        Path capture = directory.resolve("hot-lines.tcap");
        // Instruction leaf_work + offset sampled 1 + offset % 3 times; the first half before START + 1000.
        Map<Long, Integer> samplesAt = new java.util.TreeMap<>();
        try (CaptureWriter writer = store.create(capture)) {
            writer.metadata(new CaptureMetadata("test", "1.0", "host", "6.1.0", "x86_64", "test cpu", 1,
                    List.of("app"), "CLOCK_MONOTONIC", START, 1_700_000_000_000_000_000L, Map.of()));
            writer.accept(new ModuleMapping(START, PID, PID, LIB_START, 0x10000, 0, library.toString(), null));
            for (long offset = 0; offset < 0x30; offset++) {
                int count = 1 + (int) (offset % 3);
                samplesAt.put(leafWork + offset, count);
                for (int i = 0; i < count; i++) {
                    writer.accept(new Sample(START + (offset < 0x18 ? 1 : 2000) + offset * 4 + i, 0, PID, PID, 1000,
                            new long[0], new long[] {LIB_START + leafWork + offset, LIB_START + middleStep + 0x10}));
                }
            }
            writer.flush();
            for (EmbeddedSymbols module : withElf.open(capture).symbolsToEmbed()) {
                writer.embedSymbols(module);
            }
        }
        // addr2line -a -f -i: per address its header, then function and file:line pairs, innermost first.
        String[] printed = run(java.util.stream.Stream.concat(
                java.util.stream.Stream.of("addr2line", "-a", "-f", "-i", "-e", library.toString()),
                samplesAt.keySet().stream().map(address -> "0x" + Long.toHexString(address))).toArray(String[]::new))
                .split("\n");
        Map<String, Long> expected = new java.util.TreeMap<>();
        Map<String, Long> expectedFirstHalf = new java.util.TreeMap<>();
        java.util.Iterator<Map.Entry<Long, Integer>> sampled = samplesAt.entrySet().iterator();
        for (int i = 0; i < printed.length; i++) {
            if (printed[i].startsWith("0x")) {
                Map.Entry<Long, Integer> address = sampled.next();
                String line = printed[i + 1] + " " + Path.of(printed[i + 2].split(" ")[0]).getFileName();
                expected.merge(line, (long) address.getValue(), Long::sum);
                if (address.getKey() - leafWork < 0x18) {
                    expectedFirstHalf.merge(line, (long) address.getValue(), Long::sum);
                }
            }
        }
        assertThat(expected.keySet()).as("addr2line places the samples on lines of both functions")
                .anyMatch(line -> line.startsWith("square lines.c:")).anyMatch(line -> line.startsWith("leaf_work "));

        CaptureModel here = withElf.open(capture);
        assertThat(lines(here)).isEqualTo(expected);
        assertThat(here.lines()).allSatisfy(line -> assertThat(line.module()).isEqualTo("libembed.so"))
                .extracting(io.tachyon.api.analysis.LineCost::selfNanos)
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(lines(here.filtered(new io.tachyon.api.analysis.CaptureFilter(START, START + 1000, java.util.Set.of(),
                java.util.Set.of())))).isEqualTo(expectedFirstHalf);

        Files.move(library, directory.resolve("moved-away.so"));

        assertThat(lines(withElf.open(capture))).as("from the lines embedded in the capture").isEqualTo(expected);
    }

    /** A model's lines as "function file-name:line" with their sample counts. */
    private static Map<String, Long> lines(CaptureModel model) {
        Map<String, Long> lines = new java.util.TreeMap<>();
        for (io.tachyon.api.analysis.LineCost line : model.lines()) {
            lines.merge(line.function() + " " + (line.file() == null ? "??" : Path.of(line.file()).getFileName()) + ":"
                    + line.line(), line.samples(), Long::sum);
        }
        return lines;
    }

    @Test
    void embeddedLinesGiveWhatTheDebugInformationSaidOnceTheModuleIsGone() throws Exception {
        buildLibraryWithLines();
        DefaultCaptureModelFactory withElf = factory(new ElfSymbolResolver(defaults(ElfSymbolResolver.Config.class)));
        Path capture = directory.resolve("lines.tcap");
        List<EmbeddedSymbols> embedded;
        try (CaptureWriter writer = store.create(capture)) {
            writer.metadata(new CaptureMetadata("test", "1.0", "host", "6.1.0", "x86_64", "test cpu", 1,
                    List.of("app"), "CLOCK_MONOTONIC", START, 1_700_000_000_000_000_000L, Map.of()));
            writer.accept(new ModuleMapping(START, PID, PID, LIB_START, 0x10000, 0, library.toString(), null));
            for (long offset = 0; offset < 0x30; offset++) {
                writer.accept(new Sample(START + offset + 1, 0, PID, PID, 1000, new long[0],
                        new long[] {LIB_START + leafWork + offset, LIB_START + middleStep + 0x10}));
            }
            writer.flush();
            embedded = withElf.open(capture).symbolsToEmbed();
            for (EmbeddedSymbols module : embedded) {
                writer.embedSymbols(module);
            }
        }
        ModuleRef ref = new ModuleRef(library.toString(), null, ModuleRef.Kind.USER);
        ModuleSymbols elf = new ElfSymbolResolver(defaults(ElfSymbolResolver.Config.class)).load(ref).orElseThrow();
        Map<Long, List<String>> expected = new java.util.TreeMap<>();
        for (long offset = 0; offset < 0x30; offset++) {
            expected.put(leafWork + offset, describe(elf.symbolize(leafWork + offset)));
        }
        // The caller's frame is looked up one byte back, in its call instruction.
        expected.put(middleStep + 0x0f, describe(elf.symbolize(middleStep + 0x0f)));
        assertThat(expected.values()).as("the library has lines and an inlined call")
                .anySatisfy(frames -> assertThat(frames).hasSize(2).first().asString().startsWith("square lines.c:2"));
        assertThat(embedded).singleElement().satisfies(module -> assertThat(module.lines()).isNotEmpty());

        Files.move(library, directory.resolve("moved-away.so"));

        List<EmbeddedSymbols> read;
        try (var reader = store.open(capture)) {
            read = reader.embeddedSymbols();
        }
        ModuleSymbols fromCapture = new EmbeddedModuleSymbols(read).load(ref);
        Map<Long, List<String>> actual = new java.util.TreeMap<>();
        for (long address : expected.keySet()) {
            actual.put(address, describe(fromCapture.symbolize(address)));
        }
        assertThat(actual).isEqualTo(expected);
    }

    private static List<String> describe(List<SymbolizedFrame> frames) {
        return frames.stream().map(frame -> frame.name() + " " + frame.sourceLocation()
                .map(source -> Path.of(source.file()).getFileName() + ":" + source.line()).orElse("??:0")
                + (frame.inlined() ? " (inlined)" : "")).toList();
    }

    private static long symbolAddress(Path file, String name) throws Exception {
        for (String line : run("nm", file.toString()).split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3 && fields[2].equals(name)) {
                return Long.parseLong(fields[0], 16);
            }
        }
        throw new AssertionError(name + " not in nm output of " + file);
    }

    private void write(CaptureWriter writer) {
        writer.metadata(new CaptureMetadata("test", "1.0", "host", "6.1.0", "x86_64", "test cpu", 1, List.of("app"),
                "CLOCK_MONOTONIC", START, 1_700_000_000_000_000_000L, Map.of()));
        writer.accept(new ThreadName(START, PID, PID, "app", true));
        writer.accept(new ModuleMapping(START, PID, PID, LIB_START, 0x10000, 0, library.toString(), null));
        for (int i = 1; i <= 10; i++) {
            // The caller's frame is a return address, inside middle_step after its call.
            writer.accept(new Sample(START + i, 0, PID, PID, 1000, new long[0],
                    new long[] {LIB_START + leafWork + 4, LIB_START + middleStep + 0x10}));
        }
    }

    private static List<String> names(CaptureModel model) {
        return model.functions().stream().map(FunctionCost::function).toList();
    }

    private DefaultCaptureModelFactory factory(ElfSymbolResolver... resolvers) {
        DefaultCaptureModelFactory factory = new DefaultCaptureModelFactory(store);
        long id = 1;
        for (ElfSymbolResolver resolver : resolvers) {
            factory.addResolver(resolver, Map.of("service.id", id++, "service.ranking", 0));
        }
        return factory;
    }

    private static <T> T defaults(Class<T> config) {
        return config.cast(Proxy.newProxyInstance(EmbeddedSymbolsTest.class.getClassLoader(), new Class<?>[] {config},
                (proxy, method, args) -> method.getDefaultValue()));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        assertThat(process.exitValue()).as("%s exit status; output: %s", List.of(command), output).isZero();
        return output;
    }
}
