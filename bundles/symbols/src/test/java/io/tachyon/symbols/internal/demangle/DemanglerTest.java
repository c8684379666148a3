package io.tachyon.symbols.internal.demangle;

import io.tachyon.symbols.internal.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demangler against GNU nm's own ({@code nm -C}, libiberty without DMGL_VERBOSE) on every symbol of real
 * binaries: libstdc++, a C++ program and Rust programs (legacy and v0 mangling) compiled here.
 */
class DemanglerTest {

    @TempDir
    Path dir;

    @Test
    void agreesWithNmOnEveryLibstdcxxSymbol() {
        Path libstdcxx = TestSupport.libstdcxx();
        compareWithNm(libstdcxx, true, 3000);
    }

    @Test
    void agreesWithNmOnEverySymbolOfTheLibstdcxxDebugBuild() {
        compareWithNm(TestSupport.libstdcxxDebugBuild(), false, 10_000);
    }

    @Test
    void agreesWithNmOnEveryLibLlvmSymbol() {
        compareWithNm(TestSupport.libLlvm(), true, 30_000);
    }

    @Test
    void agreesWithNmOnACxxProgram() throws IOException {
        compareWithNm(TestSupport.cxxProgram(dir), false, 30);
    }

    @Test
    void agreesWithNmOnRustProgramsOfBothManglings() throws IOException {
        int legacy = compareWithNm(TestSupport.rustProgram(dir, "legacy"), false, 500);
        int v0 = compareWithNm(TestSupport.rustProgram(dir, "v0"), false, 500);
        System.out.println("Rust: " + legacy + " legacy-program and " + v0 + " v0-program mangled names agree");
    }

    @Test
    void demanglesTheShapesUsersMeet() {
        assertThat(Demangler.demangle("_ZNSt6vectorIiSaIiEE9push_backERKi"))
                .isEqualTo("std::vector<int, std::allocator<int> >::push_back(int const&)");
        assertThat(Demangler.demangle("_ZZ4mainENKUlvE_clEv")).isEqualTo("main::{lambda()#1}::operator()() const");
        assertThat(Demangler.demangle("_Z3fooPFviEPA3_i")).isEqualTo("foo(void (*)(int), int (*) [3])");
        assertThat(Demangler.demangle("_ZN1A3barEv.cold")).isEqualTo("A::bar() [clone .cold]");
        assertThat(Demangler.demangle("_ZN3std2io5stdio6_print17h0123456789abcdefE")).isEqualTo("std::io::stdio::_print");
        assertThat(Demangler.demangle("_RNvCs1234_7mycrate4main")).isEqualTo("mycrate::main");
        assertThat(Demangler.demangle("main")).isEqualTo("main");
        assertThat(Demangler.demangle("_Z")).isEqualTo("_Z");
        assertThat(Demangler.demangle("_ZN3fooE3")).isEqualTo("_ZN3fooE3");
        assertThat(Demangler.demangle("_ZSt_broken")).isEqualTo("_ZSt_broken");
    }

    /** Compares every mangled symbol of {@code file}; returns how many were compared. */
    private static int compareWithNm(Path file, boolean dynamic, int atLeast) {
        List<String> raw = TestSupport.nmNames(file, dynamic, false);
        List<String> shown = TestSupport.nmNames(file, dynamic, true);
        assertThat(shown).hasSameSizeAs(raw);
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (int i = 0; i < raw.size(); i++) {
            String name = raw.get(i);
            if (!name.startsWith("_Z") && !name.startsWith("_R")) {
                continue;
            }
            compared++;
            String ours = Demangler.demangle(name);
            if (!ours.equals(shown.get(i))) {
                mismatches.add(name + "\n   nm:   " + shown.get(i) + "\n   ours: " + ours);
            }
        }
        System.out.println(file + ": " + (compared - mismatches.size()) + " of " + compared + " names agree with nm -C");
        mismatches.stream().limit(40).forEach(System.out::println);
        assertThat(compared).isGreaterThanOrEqualTo(atLeast);
        assertThat(mismatches.size()).as("names that differ from nm -C; the first: %s",
                mismatches.isEmpty() ? "" : mismatches.get(0)).isZero();
        return compared;
    }
}
