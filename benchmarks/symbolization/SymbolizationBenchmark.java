import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.SymbolizedFrame;
import io.tachyon.symbols.internal.ElfModuleCache;
import io.tachyon.symbols.internal.ElfModuleSymbols;
import io.tachyon.symbols.internal.KernelSymbolSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Symbolization speed (issue: symbols): the same distinct addresses of libc (with libc6-dbg's debug file), a large
 * C++ library with DWARF (the libstdc++6-12-dbg build), LLVM's 110 MB C++ library (symbol tables only) and the
 * kernel, named with function, inlined frames and file:line by Tachyon (one JVM, cold: file opening and DWARF
 * indexing included), by GNU addr2line and by llvm-symbolizer (one process per module, every address on stdin).
 * Prints a Markdown table.
 */
public class SymbolizationBenchmark {

    record Module(String label, Path file, boolean kernel, long[] addresses) {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        List<Module> modules = new ArrayList<>();
        modules.add(elf("libc (libc6-dbg debug file)", Path.of("/lib/x86_64-linux-gnu/libc.so.6"), total * 35 / 100, 1));
        modules.add(elf("libstdc++ debug build (C++, DWARF)", Path.of("/usr/lib/x86_64-linux-gnu/debug/libstdc++.so.6.0.30"),
                total * 35 / 100, 2));
        modules.add(elf("libLLVM-14 (C++, 110 MB, no DWARF)", Path.of("/usr/lib/x86_64-linux-gnu/libLLVM-14.so.1"),
                total * 20 / 100, 3));
        int rest = total - modules.stream().mapToInt(m -> m.addresses.length).sum();
        modules.add(new Module("kernel (/proc/kallsyms)", Path.of("/proc/kallsyms"), true, kernelAddresses(rest, 4)));

        System.out.println(Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("java.vm.name")
                + " " + System.getProperty("java.version") + ", " + total + " distinct addresses.");
        System.out.println();
        System.out.println("| module | addresses | Tachyon cold | Tachyon warm | addr2line -f -C -i | llvm-symbolizer "
                + "| Tachyon cold vs addr2line | vs llvm-symbolizer |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        double[] sums = new double[4];
        int count = 0;
        for (Module module : modules) {
            double[] cold = new double[1];
            double warm = tachyon(module, cold);
            double addr2line = module.kernel ? Double.NaN : tool(module, "addr2line", "-a", "-f", "-C", "-i", "-e",
                    module.file.toString());
            double llvm = module.kernel ? Double.NaN : tool(module, "llvm-symbolizer", "--obj=" + module.file,
                    "--inlines", "--demangle");
            row(module.label, module.addresses.length, cold[0], warm, addr2line, llvm);
            sums[0] += cold[0];
            sums[1] += warm;
            if (!module.kernel) {
                sums[2] += addr2line;
                sums[3] += llvm;
            }
            count += module.addresses.length;
        }
        double elfCold = sums[0] - tachyonKernelCold;
        double elfWarm = sums[1] - tachyonKernelWarm;
        row("**ELF modules (same addresses for all three)**", count - modules.get(3).addresses.length, elfCold, elfWarm,
                sums[2], sums[3]);
        System.out.println();
        System.out.printf("Tachyon cold, all %d addresses including the kernel: %.0f ms (%.0f addresses/s).%n", count,
                sums[0], count / (sums[0] / 1000));
    }

    private static double tachyonKernelCold;
    private static double tachyonKernelWarm;

    private static void row(String label, int addresses, double cold, double warm, double addr2line, double llvm) {
        System.out.printf("| %s | %d | %s | %s | %s | %s | %s | %s |%n", label, addresses, ms(cold), ms(warm),
                ms(addr2line), ms(llvm), Double.isNaN(addr2line) ? "n/a" : String.format("%.1f×", addr2line / cold),
                Double.isNaN(llvm) ? "n/a" : String.format("%.1f×", llvm / cold));
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "n/a" : String.format("%.0f ms", millis);
    }

    /** Cold pass (loading included) into {@code cold[0]}; returns a warm second pass. Both in milliseconds. */
    private static double tachyon(Module module, double[] cold) {
        long checksum = 0;
        long start = System.nanoTime();
        if (module.kernel) {
            KernelSymbolSource source = KernelSymbolSource.ofRunningKernel(System.getLogger("bench"));
            ModuleSymbols symbols = source.load(new ModuleRef("[kernel.kallsyms]", null, ModuleRef.Kind.KERNEL))
                    .orElseThrow();
            for (long address : module.addresses) {
                checksum += symbols.symbolize(address).size();
            }
            cold[0] = (System.nanoTime() - start) / 1e6;
            long warmStart = System.nanoTime();
            for (long address : module.addresses) {
                checksum += symbols.symbolize(address).size();
            }
            double warm = (System.nanoTime() - warmStart) / 1e6;
            tachyonKernelCold = cold[0];
            tachyonKernelWarm = warm;
            blackhole(checksum);
            return warm;
        }
        ElfModuleCache cache = new ElfModuleCache(4, System.getLogger("bench"));
        ElfModuleSymbols symbols = (ElfModuleSymbols) cache.load(new ModuleRef(module.file.toString(), null,
                ModuleRef.Kind.USER)).orElseThrow();
        for (long address : module.addresses) {
            checksum += frames(symbols.symbolize(symbols.fileOffsetOf(address)));
        }
        cold[0] = (System.nanoTime() - start) / 1e6;
        long warmStart = System.nanoTime();
        for (long address : module.addresses) {
            checksum += frames(symbols.symbolize(symbols.fileOffsetOf(address)));
        }
        double warm = (System.nanoTime() - warmStart) / 1e6;
        blackhole(checksum);
        return warm;
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

    /** Milliseconds for {@code command} to answer every address of the module, given on its standard input. */
    private static double tool(Module module, String... command) throws Exception {
        StringBuilder input = new StringBuilder();
        for (long address : module.addresses) {
            input.append("0x").append(Long.toHexString(address)).append('\n');
        }
        byte[] bytes = input.toString().getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread writer = new Thread(() -> {
            try (OutputStream in = process.getOutputStream()) {
                in.write(bytes);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        long lines = process.getInputStream().readAllBytes().length;
        writer.join();
        process.waitFor();
        double millis = (System.nanoTime() - start) / 1e6;
        blackhole(lines);
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
