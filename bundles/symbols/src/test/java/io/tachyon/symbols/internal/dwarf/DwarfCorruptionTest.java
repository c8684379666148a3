package io.tachyon.symbols.internal.dwarf;

import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.Symbol;
import io.tachyon.api.symbols.SymbolizedFrame;
import io.tachyon.symbols.internal.ElfModuleCache;
import io.tachyon.symbols.internal.ElfModuleSymbols;
import io.tachyon.symbols.internal.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Corrupt DWARF never escapes as an exception from load or lookup: every DWARF section of a real program is damaged
 * in many ways (random bytes, zeroed runs, all 0xff), and each copy must still load, name every function from the
 * symbol table, and warn at most once.
 */
class DwarfCorruptionTest {

    private static final String[] SECTIONS = {".debug_info", ".debug_abbrev", ".debug_line", ".debug_str",
            ".debug_line_str", ".debug_rnglists"};

    @TempDir
    Path dir;

    @Test
    void damagedDebugSectionsDegradeToSymbolNamesWithAtMostOneWarning() throws IOException {
        Path program = TestSupport.cxxProgram(dir);
        byte[] original = Files.readAllBytes(program);
        List<long[]> sections = new ArrayList<>();
        for (String line : TestSupport.run("readelf", "-SW", program.toString()).split("\n")) {
            for (String name : SECTIONS) {
                int at = line.indexOf(" " + name + " ");
                if (at >= 0) {
                    String[] f = line.substring(at + name.length() + 2).trim().split("\\s+");
                    sections.add(new long[] {Long.parseLong(f[2], 16), Long.parseLong(f[3], 16)});
                }
            }
        }
        assertThat(sections).hasSizeGreaterThanOrEqualTo(4);
        long[] functions = functionAddresses(program);
        Random random = new Random(7);
        int copies = 0;
        int degraded = 0;
        for (long[] section : sections) {
            for (int variant = 0; variant < 12; variant++) {
                byte[] bytes = original.clone();
                damage(bytes, (int) section[0], (int) section[1], variant, random);
                Path copy = Files.write(dir.resolve("damaged-" + copies++), bytes);
                RecordingLogger logger = new RecordingLogger();
                ElfModuleCache cache = new ElfModuleCache(2, logger);
                Optional<ModuleSymbols> loaded = cache.load(new ModuleRef(copy.toString(), null, ModuleRef.Kind.USER));
                assertThat(loaded).as("copy %d", copies).isPresent();
                ElfModuleSymbols symbols = (ElfModuleSymbols) loaded.get();
                for (long address : functions) {
                    long offset = symbols.fileOffsetOf(address);
                    Optional<Symbol> symbol = symbols.lookup(offset);
                    List<SymbolizedFrame> frames = symbols.symbolize(offset);
                    assertThat(symbol).as("copy %d 0x%x", copies, address).isPresent();
                    assertThat(frames).as("copy %d 0x%x", copies, address).isNotEmpty();
                }
                assertThat(logger.count(Level.WARNING)).as("warnings of copy %d", copies).isLessThanOrEqualTo(1);
                degraded += logger.count(Level.WARNING);
            }
        }
        System.out.println(copies + " damaged copies loaded and named every function; " + degraded
                + " gave their one warning");
        assertThat(degraded).isPositive();
    }

    private static void damage(byte[] bytes, int offset, int size, int variant, Random random) {
        if (size == 0) {
            return;
        }
        switch (variant % 3) {
            case 0 -> {
                for (int i = 0; i < 1 + variant * 4; i++) {
                    bytes[offset + random.nextInt(size)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> {
                int start = offset + random.nextInt(size);
                int length = Math.min(size - (start - offset), 1 + random.nextInt(64));
                java.util.Arrays.fill(bytes, start, start + length, (byte) 0);
            }
            default -> {
                int start = offset + random.nextInt(Math.max(1, size / 2));
                int length = Math.min(size - (start - offset), 16 + random.nextInt(256));
                java.util.Arrays.fill(bytes, start, start + length, (byte) 0xff);
            }
        }
    }

    private static long[] functionAddresses(Path program) {
        List<Long> out = new ArrayList<>();
        for (String line : TestSupport.run("nm", "-S", "--defined-only", program.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 4 && "tTwW".contains(f[2])) {
                long start = Long.parseUnsignedLong(f[0], 16);
                long size = Long.parseUnsignedLong(f[1], 16);
                out.add(start);
                out.add(start + size / 2);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** Counts what it is told. */
    private static final class RecordingLogger implements System.Logger {
        private final List<Level> levels = new java.util.concurrent.CopyOnWriteArrayList<>();

        int count(Level level) {
            return (int) levels.stream().filter(l -> l == level).count();
        }

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, java.util.ResourceBundle bundle, String message, Throwable thrown) {
            levels.add(level);
        }

        @Override
        public void log(Level level, java.util.ResourceBundle bundle, String format, Object... params) {
            levels.add(level);
        }
    }
}
