package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.SymbolizedFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tachyon's symbolization against GNU addr2line ({@code addr2line -f -C -i}) on thousands of addresses of real
 * binaries of this machine: libc with libc6-dbg's separate debug file, libstdc++ (the system's, stripped, and the
 * debug build of libstdc++6-12-dbg), and a C++ and a Rust program compiled here. Function names (every inlined frame) must agree on every address; file:line on at least 99%.
 */
class SymbolizationAgreementTest {

    @TempDir
    Path dir;

    private final RecordingLogger logger = new RecordingLogger();

    @Test
    void libcWithItsSeparateDebugFile() throws IOException {
        Path libc = TestSupport.libc();
        ElfModuleSymbols symbols = load(libc);
        TestSupport.require(symbols.hasDebugInfo(), "libc has no debug file here (install libc6-dbg)");
        Path debugFile = debugFileOf(libc);
        check("libc", libc, Addr2line.addressesInFunctions(debugFile, 4000, 1), symbols);
    }

    @Test
    void libstdcxxOfTheSystemWithoutDebugInformation() throws IOException {
        Path lib = TestSupport.libstdcxx();
        check("libstdc++ (stripped)", lib, Addr2line.addressesInFunctions(lib, true, 3000, 2), load(lib));
    }

    @Test
    void libstdcxxDebugBuild() throws IOException {
        Path lib = TestSupport.libstdcxxDebugBuild();
        check("libstdc++ (libstdc++6-12-dbg build)", lib, Addr2line.addressesInFunctions(lib, 4000, 5), load(lib));
    }

    @Test
    void cxxProgramCompiledHere() throws IOException {
        Path program = TestSupport.cxxProgram(dir);
        check("C++ program", program, Addr2line.addressesInFunctions(program, 3000, 3), load(program));
    }

    @Test
    void rustProgramCompiledHere() throws IOException {
        Path program = TestSupport.rustProgram(dir, "v0");
        check("Rust program", program, Addr2line.addressesInFunctions(program, 3000, 4), load(program));
    }

    private ElfModuleSymbols load(Path file) {
        ElfModuleCache cache = new ElfModuleCache(4, logger);
        return (ElfModuleSymbols) cache.load(new ModuleRef(file.toString(), null, ModuleRef.Kind.USER)).orElseThrow();
    }

    private static Path debugFileOf(Path file) throws IOException {
        try (ElfFile elf = ElfFile.open(file)) {
            return new DebugFileLocator(List.of(DebugFileLocator.DEFAULT_ROOT)).find(file, elf).orElseThrow();
        }
    }

    private void check(String what, Path file, long[] addresses, ElfModuleSymbols symbols) throws IOException {
        TestSupport.requireTool("addr2line");
        TestSupport.requireTool("llvm-symbolizer");
        List<List<Addr2line.Frame>> reference = Addr2line.frames(file, addresses);
        assertThat(reference).hasSize(addresses.length);
        Addr2line.Agreement agreement = Addr2line.compare(file, addresses, reference,
                address -> symbolize(symbols, address));
        System.out.println(what + ": " + agreement);
        agreement.nameMismatches().stream().limit(15).forEach(m -> System.out.println("  name " + m));
        agreement.locationMismatches().stream().limit(15).forEach(m -> System.out.println("  line " + m));
        assertThat(agreement.addresses()).as("addresses addr2line names").isGreaterThan(addresses.length / 2);
        assertThat(agreement.nameMismatches()).as(what + " function names").isEmpty();
        assertThat(agreement.locationPercent()).as(what + " file:line agreement").isGreaterThanOrEqualTo(99.0);
        assertThat(logger.messages(System.Logger.Level.WARNING)).isEmpty();
        assertThat(agreement.locationsCompared() == 0 || agreement.locationPercent() >= 99.0).isTrue();
    }

    private static List<SymbolizedFrame> symbolize(ElfModuleSymbols symbols, long address) {
        long offset = symbols.fileOffsetOf(address);
        return offset < 0 ? List.of() : symbols.symbolize(offset);
    }
}
