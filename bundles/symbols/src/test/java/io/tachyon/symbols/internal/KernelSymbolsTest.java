package io.tachyon.symbols.internal;

import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.Symbol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Kernel symbols against /proc/kallsyms parsed independently, and the resolver's refusals. */
class KernelSymbolsTest {

    private static final Path KALLSYMS = Path.of("/proc/kallsyms");

    @TempDir
    Path dir;

    private final RecordingLogger logger = new RecordingLogger();

    @Test
    void everyKernelTextSymbolIsNamedFromItsStartToTheNextSymbol() throws IOException {
        List<String> lines = readableKallsyms();
        TreeMap<Long, TreeSet<String>> namesAt = new TreeMap<>(Long::compareUnsigned);
        Map<Long, String> moduleAt = new HashMap<>();
        Map<String, String> typeOf = new HashMap<>();
        for (String line : lines) {
            String[] f = line.split("\\s+");
            if (f.length < 3 || !"tTwW".contains(f[1])) {
                continue;
            }
            long address = Long.parseUnsignedLong(f[0], 16);
            namesAt.computeIfAbsent(address, a -> new TreeSet<>()).add(f[2]);
            moduleAt.put(address, f.length > 3 ? f[3] : "");
            typeOf.putIfAbsent(f[2] + "@" + address, f[1]);
        }
        KernelSymbols symbols = KernelSymbols.read(KALLSYMS);
        assertThat(symbols.symbolCount()).isEqualTo(namesAt.size()).isGreaterThan(10_000);
        int modulesSeen = 0;
        for (Map.Entry<Long, TreeSet<String>> at : namesAt.entrySet()) {
            long start = at.getKey();
            Long next = namesAt.higherKey(start);
            boolean sameModuleFollows = next != null && moduleAt.get(next).equals(moduleAt.get(start));
            long pageEnd = (start & -4096L) + 4096;
            long last = sameModuleFollows || (next != null && Long.compareUnsigned(next, pageEnd) < 0) ? next - 1
                    : pageEnd - 1;
            String expected = at.getValue().stream()
                    .min(Comparator.<String>comparingInt(n -> rank(typeOf.get(n + "@" + start)))
                            .thenComparingInt(String::length).thenComparing(n -> n))
                    .orElseThrow();
            String where = "0x" + Long.toHexString(start) + " " + at.getValue();
            assertThat(symbols.lookup(start)).as(where).contains(new Symbol(expected, start, 0));
            assertThat(symbols.lookup(start + (last - start) / 2)).as(where).map(Symbol::name).contains(expected);
            assertThat(symbols.lookup(last)).as(where).map(Symbol::name).contains(expected);
            modulesSeen += moduleAt.get(start).isEmpty() ? 0 : 1;
        }
        assertThat(symbols.lookup(namesAt.firstKey() - 1)).isEmpty();
        System.out.println("Compared " + namesAt.size() + " kernel text addresses, " + modulesSeen + " in modules");
    }

    @Test
    void theRunningKernelIsServedWhenItsBuildIdMatches() {
        readableKallsyms();
        Tools.requireTool("perf");
        String running = Tools.run("perf", "buildid-list", "-k").trim();
        KernelSymbolSource source = KernelSymbolSource.ofRunningKernel(logger);
        Optional<ModuleSymbols> symbols =
                source.load(new ModuleRef(ModuleMapping.KERNEL_PATH, running, ModuleRef.Kind.KERNEL));
        assertThat(symbols).isPresent();
        assertThat(source.load(new ModuleRef(ModuleMapping.KERNEL_PATH, null, ModuleRef.Kind.KERNEL)).get())
                .as("kallsyms is read once").isSameAs(symbols.get());
        assertThat(source.load(new ModuleRef("/usr/lib/libc.so.6", null, ModuleRef.Kind.USER))).isEmpty();
        assertThat(logger.entries()).isEmpty();
    }

    @Test
    void anotherKernelsBuildIdIsRefusedWithOneWarning() {
        readableKallsyms();
        KernelSymbolSource source = KernelSymbolSource.ofRunningKernel(logger);
        ModuleRef other = new ModuleRef(ModuleMapping.KERNEL_PATH, "00112233445566778899aabbccddeeff00112233",
                ModuleRef.Kind.KERNEL);
        assertThat(source.load(other)).isEmpty();
        assertThat(source.load(other)).isEmpty();
        assertThat(logger.messages(Level.WARNING)).hasSize(1).first().asString()
                .contains("00112233445566778899aabbccddeeff00112233").contains("running kernel");
    }

    @Test
    void hiddenAddressesGiveEmptyAndOneWarningThatSaysWhy() throws IOException {
        Path kallsyms = Files.writeString(dir.resolve("kallsyms"), """
                0000000000000000 T _stext
                0000000000000000 t do_one_initcall
                0000000000000000 T schedule
                0000000000000000 t ext4_file_read_iter\t[ext4]
                """);
        Path kptr = Files.writeString(dir.resolve("kptr_restrict"), "1\n");
        KernelSymbolSource source = new KernelSymbolSource(kallsyms, dir.resolve("notes"), kptr, logger);
        ModuleRef kernel = new ModuleRef(ModuleMapping.KERNEL_PATH, null, ModuleRef.Kind.KERNEL);
        assertThat(source.load(kernel)).isEmpty();
        assertThat(source.load(kernel)).isEmpty();
        assertThat(logger.messages(Level.WARNING)).hasSize(1).first().asString()
                .contains("every address as 0").contains("kptr_restrict is 1").contains("root");
    }

    @Test
    void kallsymsFromAFileNamesModulesAndSkipsData() throws IOException {
        Path kallsyms = Files.writeString(dir.resolve("kallsyms"), """
                ffffffff81000000 T _stext
                ffffffff81000000 T startup_64
                ffffffff81000100 t helper
                ffffffff81000200 D some_data
                ffffffff81000300 W weak_fn
                ffffffffc0a01000 t ext4_read\t[ext4]
                ffffffffc0a01080 T ext4_write\t[ext4]
                ffffffffc0b00000 t xfs_read\t[xfs]
                """);
        KernelSymbols symbols = KernelSymbols.read(kallsyms);
        assertThat(symbols.lookup(0xffffffff81000010L)).map(Symbol::name).contains("_stext");
        assertThat(symbols.lookup(0xffffffff81000250L)).map(Symbol::name).as("data symbols are not boundaries")
                .contains("helper");
        assertThat(symbols.lookup(0xffffffff81000fffL)).map(Symbol::name).as("last of the image: to its page end")
                .contains("weak_fn");
        assertThat(symbols.lookup(0xffffffff81001000L)).isEmpty();
        assertThat(symbols.lookup(0xffffffffc0a0107fL)).map(Symbol::name).contains("ext4_read");
        assertThat(symbols.lookup(0xffffffffc0a01fffL)).map(Symbol::name).contains("ext4_write");
        assertThat(symbols.lookup(0xffffffffc0a02000L)).isEmpty();
        assertThat(symbols.lookup(0xffffffffc0b00001L)).map(Symbol::name).contains("xfs_read");
    }

    @Test
    void malformedOrMissingKallsymsGivesEmptyAndAWarningNamingTheLine() throws IOException {
        Path kallsyms = Files.writeString(dir.resolve("kallsyms"), "ffffffff81000000 T _stext\nnot a symbol line\n");
        KernelSymbolSource source = new KernelSymbolSource(kallsyms, dir.resolve("notes"), dir.resolve("kptr"), logger);
        assertThat(source.load(new ModuleRef(ModuleMapping.KERNEL_PATH, null, ModuleRef.Kind.KERNEL))).isEmpty();
        KernelSymbolSource missing =
                new KernelSymbolSource(dir.resolve("none"), dir.resolve("notes"), dir.resolve("kptr"), logger);
        assertThat(missing.load(new ModuleRef(ModuleMapping.KERNEL_PATH, null, ModuleRef.Kind.KERNEL))).isEmpty();
        assertThat(logger.messages(Level.WARNING)).hasSize(2);
        assertThat(logger.messages(Level.WARNING).get(0)).contains(kallsyms + ":2").contains("not a symbol line");
        assertThat(logger.messages(Level.WARNING).get(1)).contains("none");
    }

    @Test
    void theDsComponentServesTheKernel() {
        readableKallsyms();
        Optional<ModuleSymbols> symbols = new KernelSymbolResolver()
                .load(new ModuleRef(ModuleMapping.KERNEL_PATH, null, ModuleRef.Kind.KERNEL));
        assertThat(symbols).isPresent();
        String scheduleLine = readableKallsyms().stream().filter(l -> l.endsWith(" T schedule")).findFirst()
                .orElseThrow();
        long schedule = Long.parseUnsignedLong(scheduleLine.substring(0, scheduleLine.indexOf(' ')), 16);
        assertThat(symbols.get().lookup(schedule + 1)).map(Symbol::name).contains("schedule");
    }

    private static int rank(String type) {
        return switch (type) {
            case "T" -> 0;
            case "W" -> 1;
            default -> 2;
        };
    }

    /** The lines of /proc/kallsyms, requiring that it shows real addresses (root, or kptr_restrict 0). */
    private static List<String> readableKallsyms() {
        List<String> lines;
        try {
            lines = Files.readAllLines(KALLSYMS);
        } catch (IOException e) {
            Tools.require(false, "cannot read " + KALLSYMS + ": " + e.getMessage());
            throw new AssertionError(e);
        }
        Tools.require(lines.stream().anyMatch(l -> !l.startsWith("0000000000000000")),
                KALLSYMS + " hides kernel addresses from this process (not root, or kernel.kptr_restrict=2)");
        return lines;
    }
}
