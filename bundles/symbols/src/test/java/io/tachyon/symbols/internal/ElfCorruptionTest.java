package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Truncated and corrupted files give an ElfFormatException naming file and offset, and nothing else. */
class ElfCorruptionTest {

    @TempDir
    static Path dir;
    static Path program;
    static byte[] original;

    @BeforeAll
    static void compile() throws IOException {
        program = Tools.compile(dir, "prog", ElfModuleSymbolsTest.PROGRAM, "-O1", "-fPIE", "-pie", "-Wl,--build-id");
        original = Files.readAllBytes(program);
    }

    /** Every length through the headers, then every 7th: cuts inside every table and string of the file. */
    @Test
    void truncationAtThousandsOfLengthsGivesSymbolsOrAClearError() throws IOException {
        Path file = dir.resolve("truncated");
        int failures = 0;
        for (int length = 0; length < original.length; length += length < 1024 ? 1 : 7) {
            Files.write(file, Arrays.copyOf(original, length));
            failures += readOrFailClearly(file, "truncated to " + length + " bytes") ? 0 : 1;
        }
        assertThat(failures).as("most truncations cut something the reader needs").isGreaterThan(1500);
    }

    @Test
    void everyFlippedHeaderByteGivesSymbolsOrAClearError() throws IOException {
        ByteBuffer le = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = le.getLong(40);
        int shnum = le.getShort(60);
        long phoff = le.getLong(32);
        int phnum = le.getShort(56);
        Path file = dir.resolve("flipped");
        int failures = 0;
        int[][] ranges = {{0, 64}, {(int) phoff, (int) phoff + phnum * 56}, {(int) shoff, (int) shoff + shnum * 64}};
        for (int[] range : ranges) {
            for (int at = range[0]; at < range[1]; at++) {
                byte[] corrupt = original.clone();
                corrupt[at] = (byte) ~corrupt[at];
                Files.write(file, corrupt);
                failures += readOrFailClearly(file, "byte " + at + " flipped") ? 0 : 1;
            }
        }
        assertThat(failures).isGreaterThan(20);
    }

    @Test
    void randomCorruptionOfHeadersAndSymbolTablesGivesSymbolsOrAClearError() throws IOException {
        Random random = new Random(7);
        Path file = dir.resolve("random");
        int shoff = (int) ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN).getLong(40);
        for (int round = 0; round < 3000; round++) {
            byte[] corrupt = original.clone();
            for (int k = 0; k < 1 + random.nextInt(8); k++) {
                int at = random.nextBoolean() ? random.nextInt(64) : shoff + random.nextInt(original.length - shoff);
                corrupt[at] = (byte) random.nextInt(256);
            }
            Files.write(file, corrupt);
            readOrFailClearly(file, "random corruption round " + round);
        }
    }

    @Test
    void errorsSayWhatWasExpected() throws IOException {
        assertThatThrownBy(() -> ElfFile.open(write("short", Arrays.copyOf(original, 10))))
                .isInstanceOf(ElfFormatException.class).hasMessageContaining("short")
                .hasMessageContaining("16-byte ELF identification").hasMessageContaining("10 bytes");
        byte[] notElf = original.clone();
        notElf[1] = 'X';
        assertThatThrownBy(() -> ElfFile.open(write("not_elf", notElf)))
                .isInstanceOf(ElfFormatException.class).hasMessageContaining("ELF magic 7f 45 4c 46");
        byte[] badClass = original.clone();
        badClass[4] = 3;
        assertThatThrownBy(() -> ElfFile.open(write("bad_class", badClass)))
                .isInstanceOf(ElfFormatException.class).hasMessageContaining("offset 4").hasMessageContaining("EI_CLASS")
                .extracting(e -> ((ElfFormatException) e).offset()).isEqualTo(4L);
        long shoff = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN).getLong(40);
        assertThatThrownBy(() -> ElfFile.open(write("cut_sections", Arrays.copyOf(original, (int) shoff + 100))))
                .isInstanceOf(ElfFormatException.class).hasMessageContaining("offset " + shoff)
                .hasMessageContaining("section header table");
    }

    /** Counts that would size huge tables are checked against the file before anything is allocated. */
    @Test
    void hugeCountsAreRejectedBeforeAllocating() throws IOException {
        ByteBuffer le = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = le.getLong(40);
        byte[] extended = original.clone();
        ByteBuffer e = ByteBuffer.wrap(extended).order(ByteOrder.LITTLE_ENDIAN);
        e.putShort(60, (short) 0);
        e.putLong((int) shoff + 32, Integer.MAX_VALUE);
        assertThatThrownBy(() -> ElfFile.open(write("extended_count", extended)))
                .isInstanceOf(ElfFormatException.class).hasMessageContaining("2147483647 entries");

        try (ElfFile elf = ElfFile.open(program)) {
            ElfSection dynsym = elf.section(".dynsym").orElseThrow();
            byte[] hugeTable = original.clone();
            ByteBuffer.wrap(hugeTable).order(ByteOrder.LITTLE_ENDIAN)
                    .putLong((int) (shoff + dynsym.index() * 64L + 32), Long.MAX_VALUE / 2);
            try (ElfFile corrupt = ElfFile.open(write("huge_dynsym", hugeTable))) {
                assertThatThrownBy(corrupt::functionSymbols).isInstanceOf(ElfFormatException.class)
                        .hasMessageContaining("section .dynsym").hasMessageContaining("to lie inside the file");
            }
        }
    }

    /** The resolver turns every failure into empty plus one warning for the module. */
    @Test
    void resolverGivesEmptyAndOneWarningForACorruptFile() throws IOException {
        Path file = write("corrupt_for_resolver", Arrays.copyOf(original, original.length / 3));
        RecordingLogger logger = new RecordingLogger();
        ElfModuleCache cache = new ElfModuleCache(4, logger);
        ModuleRef module = new ModuleRef(file.toString(), null, ModuleRef.Kind.USER);
        assertThat(cache.load(module)).isEmpty();
        assertThat(cache.load(module)).isEmpty();
        assertThat(logger.messages(Level.WARNING)).hasSize(1).first().asString()
                .contains(file.toString()).contains("offset");
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** True when the file was read (and lookups work), false when it failed with a clear ElfFormatException. */
    private static boolean readOrFailClearly(Path file, String what) {
        try (ElfFile elf = ElfFile.open(file)) {
            ElfModuleSymbols symbols = ElfModuleSymbols.read(elf);
            for (long offset = 0; offset < original.length; offset += 97) {
                symbols.lookup(offset);
            }
        } catch (ElfFormatException e) {
            assertThat(e.getMessage()).as(what).contains(file.toString()).contains("offset").contains("expected");
            assertThat(e.file()).isEqualTo(file);
            Optional<ModuleSymbols> viaResolver = new ElfModuleCache(1, new RecordingLogger())
                    .load(new ModuleRef(file.toString(), null, ModuleRef.Kind.USER));
            assertThat(viaResolver).as(what).isEmpty();
            return false;
        } catch (Throwable t) {
            throw new AssertionError(what + ": expected symbols or an ElfFormatException, got " + t, t);
        }
        return true;
    }
}
