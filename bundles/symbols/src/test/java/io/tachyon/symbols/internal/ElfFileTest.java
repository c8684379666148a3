package io.tachyon.symbols.internal;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The reader against readelf: headers, symbols and build-ids, for ELF64/ELF32 in both byte orders. */
class ElfFileTest {

    @TempDir
    static Path dir;
    static Path pie;
    static Path nonPie;
    static Path free64;
    static Path free32;
    static Path free64BigEndian;
    static Path free32BigEndian;

    @BeforeAll
    static void compile() throws IOException {
        pie = Tools.compile(dir, "prog_pie", ElfModuleSymbolsTest.PROGRAM, "-O1", "-fPIE", "-pie", "-Wl,--build-id");
        nonPie = Tools.compile(dir, "prog_nopie", ElfModuleSymbolsTest.PROGRAM, "-O1", "-fno-pie", "-no-pie",
                "-Wl,--build-id");
        free64 = TestPrograms.freestanding64(dir);
        free32 = TestPrograms.freestanding32(dir);
        free64BigEndian = TestPrograms.toBigEndian(free64, dir.resolve("free64be"));
        free32BigEndian = TestPrograms.toBigEndian(free32, dir.resolve("free32be"));
    }

    static Stream<Path> files() {
        Path libjvm = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
        return Stream.of(pie, nonPie, free64, free32, free64BigEndian, free32BigEndian, ElfModuleSymbolsTest.LIBC,
                libjvm).filter(Files::isReadable);
    }

    @ParameterizedTest
    @MethodSource("files")
    void sectionsAndLoadSegmentsMatchReadelf(Path file) throws IOException {
        try (ElfFile elf = ElfFile.open(file)) {
            List<ReadElf.Section> expected = ReadElf.sections(file);
            assertThat(expected).isNotEmpty();
            assertThat(elf.sections()).hasSize(expected.size() + 1);
            for (ReadElf.Section s : expected) {
                ElfSection actual = elf.sections().get(s.index());
                assertThat(actual.name()).isEqualTo(s.name());
                assertThat(actual.address()).isEqualTo(s.address());
                assertThat(actual.offset()).isEqualTo(s.offset());
                assertThat(actual.size()).isEqualTo(s.size());
            }
            List<ReadElf.Load> loads = elf.programHeaders().stream()
                    .filter(h -> h.type() == ElfProgramHeader.PT_LOAD)
                    .map(h -> new ReadElf.Load(h.offset(), h.virtualAddress(), h.fileSize(), h.isExecutable()))
                    .toList();
            assertThat(loads).isEqualTo(ReadElf.loads(file));
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void functionSymbolsMatchReadelf(Path file) throws IOException {
        Set<String> expected = ReadElf.symbols(file).stream().filter(ReadElf.Sym::isDefinedFunction)
                .map(s -> s.name() + "@" + Long.toHexString(s.value()) + "+" + s.size()).collect(Collectors.toSet());
        try (ElfFile elf = ElfFile.open(file)) {
            Set<String> actual = new HashSet<>();
            elf.functionSymbols().forEach(s -> actual.add(s.name() + "@" + Long.toHexString(s.value()) + "+" + s.size()));
            assertThat(actual).isNotEmpty().isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void buildIdMatchesReadelf(Path file) throws IOException {
        try (ElfFile elf = ElfFile.open(file)) {
            assertThat(elf.buildId()).isPresent().isEqualTo(ReadElf.buildId(file));
        }
    }

    @Test
    void classAndByteOrderAreRead() throws IOException {
        record Expected(Path file, boolean is64, ByteOrder order) {
        }
        for (Expected e : List.of(new Expected(free64, true, ByteOrder.LITTLE_ENDIAN),
                new Expected(free32, false, ByteOrder.LITTLE_ENDIAN),
                new Expected(free64BigEndian, true, ByteOrder.BIG_ENDIAN),
                new Expected(free32BigEndian, false, ByteOrder.BIG_ENDIAN))) {
            try (ElfFile elf = ElfFile.open(e.file())) {
                assertThat(elf.is64()).as(e.file().toString()).isEqualTo(e.is64());
                assertThat(elf.byteOrder()).as(e.file().toString()).isEqualTo(e.order());
            }
        }
        try (ElfFile pieFile = ElfFile.open(pie); ElfFile nonPieFile = ElfFile.open(nonPie)) {
            assertThat(pieFile.type()).as("ET_DYN").isEqualTo(3);
            assertThat(nonPieFile.type()).as("ET_EXEC").isEqualTo(2);
            assertThat(pieFile.machine()).as("EM_X86_64").isEqualTo(62);
        }
    }

    /** ELF32 and big-endian lookups, including the zero-size "bare" that ends at its section's end. */
    @ParameterizedTest
    @MethodSource("freestanding")
    void freestandingProgramsAgreeWithReadelf(Path file) throws IOException {
        ReferenceSymbols readelf = ReferenceSymbols.fromReadelf(file);
        assertThat(readelf.size()).isEqualTo(3);
        ElfModuleSymbolsTest.assertAgreesWith(file, readelf, 500, true);
    }

    static Stream<Path> freestanding() {
        return Stream.of(free64, free32, free64BigEndian, free32BigEndian);
    }

    @Test
    void sectionDataIsTheSectionsBytesInTheFile() throws IOException {
        byte[] file = Files.readAllBytes(pie);
        try (ElfFile elf = ElfFile.open(pie)) {
            ElfSection text = elf.section(".text").orElseThrow();
            ByteBuffer data = elf.sectionData(".text").orElseThrow();
            assertThat(data.isReadOnly()).isTrue();
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            assertThat(bytes).isEqualTo(java.util.Arrays.copyOfRange(file, (int) text.offset(),
                    (int) (text.offset() + text.size())));
            assertThat(elf.sectionData(".bss")).as("SHT_NOBITS has no file bytes").isEmpty();
            assertThat(elf.sectionData(".no-such-section")).isEmpty();
        }
    }

    /** Without section headers (as in some stripped files), the build-id comes from the PT_NOTE segment. */
    @Test
    void buildIdComesFromProgramHeadersWhenThereAreNoSectionHeaders() throws IOException {
        byte[] bytes = Files.readAllBytes(pie);
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(40, 0).putShort(60, (short) 0).putShort(62, (short) 0);
        Path noSections = Files.write(dir.resolve("no_sections"), bytes);
        try (ElfFile elf = ElfFile.open(noSections)) {
            assertThat(elf.sections()).isEmpty();
            assertThat(elf.buildId()).isPresent().isEqualTo(ReadElf.buildId(pie));
        }
    }
}
