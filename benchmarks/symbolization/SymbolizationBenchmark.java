import io.tachyon.analysis.internal.SourcePositions;
import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.SymbolizedFrame;
import io.tachyon.symbols.internal.ElfModuleCache;
import io.tachyon.symbols.internal.ElfModuleSymbols;
import io.tachyon.symbols.internal.KernelSymbolSource;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.LongUnaryOperator;

/**
 * Symbolization speed (issue: symbols): the same distinct addresses of libc (with libc6-dbg's debug file), a large
 * C++ library with DWARF (the libstdc++6-12-dbg build), LLVM's 110 MB C++ library (symbol tables only) and the
 * kernel, named with function, inlined frames and file:line by Tachyon, by GNU addr2line and by llvm-symbolizer (one
 * process per module, every address on stdin). Prints a Markdown table of medians over the repeats.
 *
 * <p>Every Tachyon measurement of a module runs in a new JVM, so "cold" is cold for that module: classes loaded, code
 * interpreted until the JIT compiles it, files opened and indexed, DWARF read, all inside the time. It is given twice:
 * measured inside the JVM (from before the file is opened to the last address answered) and as the wall time of the
 * whole java process (JVM start-up and exit included, as the tools' times include their process start-up). "Warm" is
 * a second pass over the same addresses in that JVM.
 *
 * <p>A report names every module from one JVM, so the JIT's warm-up and class loading are paid once, not per module:
 * the second table gives all modules in one new JVM, cold, through one resolver cache per kind, with {@code symbolize}
 * (functions, inlines and lines, compared with the tools) and with {@code lookup} alone (function names, what the
 * analysis bundle asks). Nothing is cached between JVMs.
 */
public class SymbolizationBenchmark {

    record Module(String label, Path file, boolean kernel, long[] addresses) {
    }

    /** Medians of one module, in milliseconds; NaN where a tool does not apply. */
    record Figures(double cold, double coldWithJvm, double warm, double addr2line, double llvm) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--one")) {
            one(args[1], Path.of(args[2]), Path.of(args[3]));
            return;
        }
        if (args.length > 0 && args[0].equals("--all")) {
            all(args[1], Arrays.copyOfRange(args, 2, args.length));
            return;
        }
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Module> modules = new ArrayList<>();
        modules.add(elf("libc (libc6-dbg debug file)", Path.of("/lib/x86_64-linux-gnu/libc.so.6"), total * 35 / 100, 1));
        modules.add(elf("libstdc++ debug build (C++, DWARF)", Path.of("/usr/lib/x86_64-linux-gnu/debug/libstdc++.so.6.0.30"),
                total * 35 / 100, 2));
        modules.add(elf("libLLVM-14 (C++, 110 MB, no DWARF)", Path.of("/usr/lib/x86_64-linux-gnu/libLLVM-14.so.1"),
                total * 20 / 100, 3));
        int rest = total - modules.stream().mapToInt(m -> m.addresses.length).sum();
        modules.add(new Module("kernel (/proc/kallsyms)", Path.of("/proc/kallsyms"), true, kernelAddresses(rest, 4)));

        System.out.println(Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("java.vm.name")
                + " " + System.getProperty("java.version") + ", " + total + " distinct addresses, median of " + repeats
                + " runs; load average at start: " + Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println();
        System.out.println("| module | addresses | Tachyon cold | Tachyon cold + JVM start | Tachyon warm "
                + "| addr2line -f -C -i | llvm-symbolizer | cold vs addr2line | cold vs llvm-symbolizer |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        double[] elf = new double[5];
        double[] all = new double[3];
        List<Path> addressFiles = new ArrayList<>();
        try {
            for (Module module : modules) {
                addressFiles.add(addressFile(module));
            }
            perModule(modules, addressFiles, repeats, elf, all);
            oneJvm(modules, addressFiles, repeats, elf[3], elf[4]);
        } finally {
            for (Path file : addressFiles) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void perModule(List<Module> modules, List<Path> addressFiles, int repeats, double[] elf,
            double[] all) throws Exception {
        int elfCount = 0;
        int count = 0;
        for (int m = 0; m < modules.size(); m++) {
            Module module = modules.get(m);
            Figures f = measure(module, addressFiles.get(m), repeats);
            row(module.label, module.addresses.length, f);
            all[0] += f.cold;
            all[1] += f.coldWithJvm;
            all[2] += f.warm;
            count += module.addresses.length;
            if (!module.kernel) {
                elf[0] += f.cold;
                elf[1] += f.coldWithJvm;
                elf[2] += f.warm;
                elf[3] += f.addr2line;
                elf[4] += f.llvm;
                elfCount += module.addresses.length;
            }
        }
        row("**ELF modules, each in its own JVM (sum)**", elfCount,
                new Figures(elf[0], elf[1], elf[2], elf[3], elf[4]));
        System.out.println();
        System.out.printf("Tachyon cold, all %d addresses including the kernel: %.0f ms in the JVMs, %.0f ms with JVM "
                + "start-up (%.0f addresses/s); warm %.0f ms.%n", count, all[0], all[1], count / (all[0] / 1000), all[2]);
    }

    /**
     * What one Tachyon process does: every module symbolized in one new JVM, cold (the JIT's warm-up and the classes
     * are paid once, not per module). Modules are loaded the way the analysis bundle loads them (through the
     * resolvers' caches, on first use, one after the other); then named one module after the other, or, as the
     * recorder finds the source positions it embeds, by the analysis bundle's own SourcePositions, each module on a
     * thread of its own.
     */
    private static void oneJvm(List<Module> modules, List<Path> addressFiles, int repeats, double addr2line,
            double llvm) throws Exception {
        double addr2lineAtOnce = addr2lineAtOnce(modules, addressFiles, repeats);
        System.out.println();
        System.out.printf("addr2line, one process per ELF module, all started at once: %,.0f ms (median of %d).%n",
                addr2lineAtOnce, repeats);
        System.out.println();
        System.out.println("All modules in one new JVM, cold (median of " + repeats + "):");
        System.out.println();
        System.out.println("| what | addresses | Tachyon cold | Tachyon cold + JVM start | addr2line -f -C -i "
                + "(module after module) | llvm-symbolizer | cold vs addr2line | cold vs addr2line processes at once "
                + "| cold vs llvm-symbolizer |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        List<String> elfArguments = new ArrayList<>();
        List<String> allArguments = new ArrayList<>();
        int elfCount = 0;
        int count = 0;
        for (int m = 0; m < modules.size(); m++) {
            Module module = modules.get(m);
            String argument = (module.kernel ? "kernel" : "elf") + "=" + module.file + "=" + addressFiles.get(m);
            allArguments.add(argument);
            count += module.addresses.length;
            if (!module.kernel) {
                elfArguments.add(argument);
                elfCount += module.addresses.length;
            }
        }
        String[][] cases = {
            {"symbolize", "ELF modules, `symbolize` (functions, inlines, lines), loaded one after the other"},
            {"embed", "ELF modules, `symbolize` as `tachyon record` embeds lines (SourcePositions.ofModules: "
                    + "loaded one after the other, then each module on its own thread)"},
            {"embed+kernel", "ELF modules and the kernel, as `tachyon record` embeds lines"},
            {"lookup", "ELF modules, `lookup` (function names only: what a report asks)"},
            {"lookup+kernel", "ELF modules and the kernel, `lookup`, loaded one after the other"},
        };
        for (String[] c : cases) {
            boolean withKernel = c[0].endsWith("+kernel");
            String mode = withKernel ? c[0].substring(0, c[0].length() - "+kernel".length()) : c[0];
            double[] cold = new double[repeats];
            double[] withJvm = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                List<String> command = new ArrayList<>(List.of("--all", mode));
                command.addAll(withKernel ? allArguments : elfArguments);
                double[] figures = newJvm(command);
                cold[r] = figures[0];
                withJvm[r] = figures[1];
            }
            boolean compared = mode.startsWith("symbolize") || mode.equals("embed") && !withKernel;
            double coldMedian = median(cold);
            System.out.printf("| %s | %,d | %s | %s | %s | %s | %s | %s | %s |%n", c[1], withKernel ? count : elfCount,
                    ms(coldMedian), ms(median(withJvm)), compared ? ms(addr2line) : "n/a", compared ? ms(llvm) : "n/a",
                    compared ? String.format("%.1f×", addr2line / coldMedian) : "n/a",
                    compared ? String.format("%.1f×", addr2lineAtOnce / coldMedian) : "n/a",
                    compared ? String.format("%.1f×", llvm / coldMedian) : "n/a");
        }
    }

    private static Path addressFile(Module module) throws IOException {
        Path addresses = Files.createTempFile("symbolization-", ".addresses");
        StringBuilder text = new StringBuilder();
        for (long address : module.addresses) {
            text.append("0x").append(Long.toHexString(address)).append('\n');
        }
        Files.writeString(addresses, text);
        return addresses;
    }

    private static Figures measure(Module module, Path addresses, int repeats) throws Exception {
        double[][] runs = new double[5][repeats];
        for (int r = 0; r < repeats; r++) {
            double[] tachyon = tachyonInNewJvm(module, addresses);
            runs[0][r] = tachyon[0];
            runs[1][r] = tachyon[1];
            runs[2][r] = tachyon[2];
            runs[3][r] = module.kernel ? Double.NaN : tool(addresses, "addr2line", "-a", "-f", "-C", "-i", "-e",
                    module.file.toString());
            runs[4][r] = module.kernel ? Double.NaN : tool(addresses, "llvm-symbolizer", "--obj=" + module.file,
                    "--inlines", "--demangle");
        }
        return new Figures(median(runs[0]), median(runs[1]), median(runs[2]), median(runs[3]), median(runs[4]));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void row(String label, int addresses, Figures f) {
        System.out.printf("| %s | %,d | %s | %s | %s | %s | %s | %s | %s |%n", label, addresses, ms(f.cold),
                ms(f.coldWithJvm), ms(f.warm), ms(f.addr2line), ms(f.llvm),
                Double.isNaN(f.addr2line) ? "n/a" : String.format("%.1f×", f.addr2line / f.cold),
                Double.isNaN(f.llvm) ? "n/a" : String.format("%.1f×", f.llvm / f.cold));
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "n/a" : String.format("%,.0f ms", millis);
    }

    /** Cold (in the JVM), cold with the JVM's start-up and exit, and warm milliseconds of a new JVM. */
    private static double[] tachyonInNewJvm(Module module, Path addresses) throws Exception {
        double[] figures = newJvm(List.of("--one", module.kernel ? "kernel" : "elf", module.file.toString(),
                addresses.toString()));
        return new double[] {figures[0], figures[2], figures[1]};
    }

    /** Runs this class in a new JVM with {@code arguments}: the numbers it prints, then the process's wall time. */
    private static double[] newJvm(List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SymbolizationBenchmark.class.getName()));
        command.addAll(arguments);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the measuring JVM failed: " + command);
        }
        double withJvm = (System.nanoTime() - start) / 1e6;
        String[] fields = out.split(" ");
        double[] figures = new double[fields.length + 1];
        for (int i = 0; i < fields.length; i++) {
            figures[i] = Double.parseDouble(fields[i]);
        }
        figures[fields.length] = withJvm;
        return figures;
    }

    /**
     * In a new JVM: every module of {@code modules} ({@code kind=file=addressFile}) named through one cache per kind,
     * as the resolvers of one Tachyon process do; prints the cold milliseconds, from before the first file is opened
     * to the last address answered. Mode {@code symbolize} or {@code lookup}, module after module; {@code embed}: the
     * modules loaded one after the other, then their addresses (ascending, as the recorder has them) given to
     * {@code SourcePositions.ofModules}, which is the code {@code tachyon record} embeds lines with.
     */
    private static void all(String mode, String[] modules) throws Exception {
        List<long[]> addresses = new ArrayList<>();
        List<ModuleRef> refs = new ArrayList<>();
        for (String module : modules) {
            String[] parts = module.split("=", 3);
            addresses.add(Files.readAllLines(Path.of(parts[2])).stream()
                    .mapToLong(line -> Long.parseUnsignedLong(line.substring(2), 16)).toArray());
            refs.add(parts[0].equals("kernel") ? new ModuleRef("[kernel.kallsyms]", null, ModuleRef.Kind.KERNEL)
                    : new ModuleRef(parts[1], null, ModuleRef.Kind.USER));
        }
        long checksum = 0;
        // What this harness allocated reading the address lists is its own garbage: measure from a clean heap.
        System.gc();
        long start = System.nanoTime();
        ElfModuleCache elfModules = new ElfModuleCache(256, System.getLogger("bench"));
        KernelSymbolSource kernel = KernelSymbolSource.ofRunningKernel(System.getLogger("bench"));
        java.util.function.Function<ModuleRef, ModuleSymbols> load = ref -> (ref.kind() == ModuleRef.Kind.KERNEL
                ? kernel.load(ref) : elfModules.load(ref)).orElseThrow();
        if (mode.equals("embed")) {
            List<ModuleSymbols> loaded = new ArrayList<>();
            List<long[]> moduleAddresses = new ArrayList<>();
            for (int m = 0; m < refs.size(); m++) {
                ModuleSymbols symbols = load.apply(refs.get(m));
                LongUnaryOperator moduleAddress = symbols instanceof ElfModuleSymbols elf ? elf::fileOffsetOf : a -> a;
                loaded.add(symbols);
                // The recorder asks for a module's hit addresses in ascending order.
                long[] offsets = new long[addresses.get(m).length];
                for (int i = 0; i < offsets.length; i++) {
                    offsets[i] = moduleAddress.applyAsLong(addresses.get(m)[i]);
                }
                Arrays.sort(offsets);
                moduleAddresses.add(offsets);
            }
            for (List<EmbeddedSymbols.Range> positions : SourcePositions.ofModules(loaded, moduleAddresses,
                    System.getLogger("bench"))) {
                for (EmbeddedSymbols.Range position : positions) {
                    checksum += position.line() + position.inlined().size();
                }
            }
        }
        for (int m = 0; m < refs.size() && !mode.equals("embed"); m++) {
            ModuleSymbols symbols = load.apply(refs.get(m));
            LongUnaryOperator moduleAddress = symbols instanceof ElfModuleSymbols elf ? elf::fileOffsetOf : a -> a;
            for (long address : addresses.get(m)) {
                long offset = moduleAddress.applyAsLong(address);
                checksum += mode.equals("lookup") ? symbols.lookup(offset).map(s -> s.name().length()).orElse(0)
                        : frames(symbols.symbolize(offset));
            }
        }
        double cold = (System.nanoTime() - start) / 1e6;
        blackhole(checksum);
        System.out.println(cold);
    }

    /** In a new JVM: symbolizes every address of the file twice; prints the cold and warm milliseconds. */
    private static void one(String kind, Path file, Path addressFile) throws IOException {
        long[] addresses = Files.readAllLines(addressFile).stream()
                .mapToLong(line -> Long.parseUnsignedLong(line.substring(2), 16)).toArray();
        long checksum = 0;
        System.gc();
        long start = System.nanoTime();
        ModuleSymbols symbols;
        LongUnaryOperator moduleAddress;
        if (kind.equals("kernel")) {
            symbols = KernelSymbolSource.ofRunningKernel(System.getLogger("bench"))
                    .load(new ModuleRef("[kernel.kallsyms]", null, ModuleRef.Kind.KERNEL)).orElseThrow();
            moduleAddress = address -> address;
        } else {
            ElfModuleSymbols elf = (ElfModuleSymbols) new ElfModuleCache(4, System.getLogger("bench"))
                    .load(new ModuleRef(file.toString(), null, ModuleRef.Kind.USER)).orElseThrow();
            symbols = elf;
            moduleAddress = elf::fileOffsetOf;
        }
        for (long address : addresses) {
            checksum += frames(symbols.symbolize(moduleAddress.applyAsLong(address)));
        }
        double cold = (System.nanoTime() - start) / 1e6;
        long warmStart = System.nanoTime();
        for (long address : addresses) {
            checksum += frames(symbols.symbolize(moduleAddress.applyAsLong(address)));
        }
        double warm = (System.nanoTime() - warmStart) / 1e6;
        blackhole(checksum);
        System.out.println(cold + " " + warm);
    }

    private static long frames(List<SymbolizedFrame> frames) {
        long sum = frames.size();
        for (SymbolizedFrame frame : frames) {
            sum += frame.name().length() + (frame.source() == null ? 0 : frame.source().line());
        }
        return sum;
    }

    private static volatile long sink;

    private static void blackhole(long value) {
        sink += value;
    }

    /** Milliseconds for {@code command} to answer every address in the file, given on its standard input. */
    /**
     * Wall milliseconds of addr2line on every ELF module with its processes started at once (the machine's cores
     * shared among them), median of {@code repeats}: the fair baseline for Tachyon's modules on parallel threads.
     */
    private static double addr2lineAtOnce(List<Module> modules, List<Path> addressFiles, int repeats)
            throws Exception {
        double[] runs = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            List<Process> processes = new ArrayList<>();
            for (int m = 0; m < modules.size(); m++) {
                if (!modules.get(m).kernel) {
                    processes.add(new ProcessBuilder("addr2line", "-a", "-f", "-C", "-i", "-e",
                            modules.get(m).file.toString()).redirectInput(addressFiles.get(m).toFile())
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectError(ProcessBuilder.Redirect.DISCARD).start());
                }
            }
            for (Process process : processes) {
                process.waitFor();
            }
            runs[r] = (System.nanoTime() - start) / 1e6;
        }
        return median(runs);
    }

    private static double tool(Path addresses, String... command) throws Exception {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectInput(addresses.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long bytes = process.getInputStream().readAllBytes().length;
        process.waitFor();
        double millis = (System.nanoTime() - start) / 1e6;
        blackhole(bytes);
        return millis;
    }

    private static Module elf(String label, Path file, int count, long seed) throws Exception {
        Path real = file.toRealPath();
        List<long[]> extents = new ArrayList<>();
        boolean dynamic = !hasSymtab(real);
        for (String line : run(dynamic ? new String[] {"nm", "-D", "-S", "--defined-only", real.toString()}
                : new String[] {"nm", "-S", "--defined-only", real.toString()}).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 4 && "tTwWi".contains(f[2])) {
                long size = Long.parseUnsignedLong(f[1], 16);
                if (size > 0) {
                    extents.add(new long[] {Long.parseUnsignedLong(f[0], 16), size});
                }
            }
        }
        if (real.toString().contains("libc.so")) {
            // libc's own tables are stripped: sample the functions its debug file lists.
            extents.clear();
            String id = run("readelf", "-n", real.toString()).replaceAll("(?s).*Build ID: ([0-9a-f]+).*", "$1").trim();
            Path debug = Path.of("/usr/lib/debug/.build-id", id.substring(0, 2), id.substring(2) + ".debug");
            for (String line : run("nm", "-S", "--defined-only", debug.toString()).split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 4 && "tTwWi".contains(f[2]) && Long.parseUnsignedLong(f[1], 16) > 0) {
                    extents.add(new long[] {Long.parseUnsignedLong(f[0], 16), Long.parseUnsignedLong(f[1], 16)});
                }
            }
        }
        return new Module(label, real, false, distinct(extents, count, seed));
    }

    private static boolean hasSymtab(Path file) throws Exception {
        return run("readelf", "-SW", file.toString()).contains(".symtab");
    }

    private static long[] kernelAddresses(int count, long seed) throws IOException {
        List<Long> starts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/kallsyms"))) {
            String[] f = line.split("\\s+");
            if (f.length >= 3 && "tT".contains(f[1]) && f.length == 3) {
                starts.add(Long.parseUnsignedLong(f[0], 16));
            }
        }
        starts.sort(Long::compareUnsigned);
        List<long[]> extents = new ArrayList<>();
        for (int i = 0; i + 1 < starts.size(); i++) {
            long size = starts.get(i + 1) - starts.get(i);
            if (size > 0 && size < 1 << 20) {
                extents.add(new long[] {starts.get(i), size});
            }
        }
        if (extents.isEmpty() || starts.get(0) == 0) {
            throw new IllegalStateException("kallsyms hides addresses: run as root");
        }
        return distinct(extents, count, seed);
    }

    private static long[] distinct(List<long[]> extents, int count, long seed) {
        Random random = new Random(seed);
        Set<Long> chosen = new LinkedHashSet<>();
        while (chosen.size() < count) {
            long[] extent = extents.get(random.nextInt(extents.size()));
            chosen.add(extent[0] + (long) (random.nextDouble() * extent[1]));
        }
        return chosen.stream().mapToLong(Long::longValue).toArray();
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }
}
