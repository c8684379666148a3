package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.Symbol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The user-space resolver: which modules it serves, build-id checks, caching and its warnings. */
class ElfSymbolResolverTest {

    @TempDir
    static Path dir;
    static Path program;
    static String buildId;

    @BeforeAll
    static void compile() throws IOException {
        program = Tools.compile(dir, "prog", ElfModuleSymbolsTest.PROGRAM, "-O1", "-fPIE", "-pie", "-Wl,--build-id");
        buildId = ReadElf.buildId(program).orElseThrow();
    }

    private final RecordingLogger logger = new RecordingLogger();
    private final ElfModuleCache cache = new ElfModuleCache(8, logger);

    @Test
    void theDsComponentServesAFileOfThisMachine() {
        ElfSymbolResolver resolver = new ElfSymbolResolver(config(16));
        ReadElf.Sym main = ReadElf.symbols(program).stream().filter(s -> s.name().equals("main")).findFirst()
                .orElseThrow();
        long offset = ReadElf.fileOffset(ReadElf.loads(program), main.value() + 3);
        Optional<ModuleSymbols> symbols = resolver.load(new ModuleRef(program.toString(), buildId, ModuleRef.Kind.USER));
        assertThat(symbols).isPresent();
        assertThat(symbols.get().lookup(offset)).contains(new Symbol("main", main.value(), main.size()));
    }

    @Test
    void matchingBuildIdIsServedAndCached() {
        ModuleRef module = new ModuleRef(program.toString(), buildId.toUpperCase(), ModuleRef.Kind.USER);
        Optional<ModuleSymbols> first = cache.load(module);
        assertThat(first).isPresent();
        assertThat(cache.load(module).get()).isSameAs(first.get());
        assertThat(logger.entries()).isEmpty();
    }

    @Test
    void differentBuildIdIsRefusedWithOneWarning() {
        String other = "0123456789abcdef0123456789abcdef01234567";
        ModuleRef module = new ModuleRef(program.toString(), other, ModuleRef.Kind.USER);
        assertThat(cache.load(module)).isEmpty();
        assertThat(cache.load(module)).isEmpty();
        assertThat(logger.messages(Level.WARNING)).hasSize(1).first().asString()
                .contains(program.toString()).contains(buildId).contains(other);
    }

    @Test
    void buildIdsPaddedWithZerosMatch() {
        assertThat(ElfModuleCache.sameBuildId("abcd", "ABCD")).isTrue();
        assertThat(ElfModuleCache.sameBuildId("abcd00000000", "abcd")).isTrue();
        assertThat(ElfModuleCache.sameBuildId("abcd", "abce")).isFalse();
        assertThat(ElfModuleCache.sameBuildId("abcd01", "abcd")).isFalse();
        assertThat(ElfModuleCache.sameBuildId("abcd", null)).isFalse();
    }

    @Test
    void pseudoPathsAndKernelModulesAreNotServedAndNotWarnedAbout() {
        for (String path : new String[] {"[vdso]", "[heap]", "[stack]", "[anon:jit]", "//anon", "", "/memfd:jit (deleted)",
                "/SYSV00000000 (deleted)", "/dev/zero (deleted)", "anon_inode:[perf_event]"}) {
            assertThat(cache.load(new ModuleRef(path, null, ModuleRef.Kind.USER))).as(path).isEmpty();
        }
        assertThat(cache.load(new ModuleRef(program.toString(), null, ModuleRef.Kind.KERNEL))).isEmpty();
        assertThat(logger.entries()).isEmpty();
    }

    @Test
    void missingFileGivesEmptyAndOneWarning() {
        ModuleRef module = new ModuleRef(dir.resolve("gone.so").toString(), null, ModuleRef.Kind.USER);
        assertThat(cache.load(module)).isEmpty();
        assertThat(cache.load(module)).isEmpty();
        assertThat(logger.messages(Level.WARNING)).hasSize(1).first().asString().contains("gone.so")
                .contains("does not exist");
    }

    @Test
    void directoryAndUnreadableFileGiveEmptyAndAWarning() throws IOException {
        assertThat(cache.load(new ModuleRef(dir.toString(), null, ModuleRef.Kind.USER))).isEmpty();
        Path empty = Files.write(dir.resolve("empty.so"), new byte[0]);
        assertThat(cache.load(new ModuleRef(empty.toString(), null, ModuleRef.Kind.USER))).isEmpty();
        assertThat(logger.messages(Level.WARNING)).hasSize(2);
        assertThat(logger.messages(Level.WARNING).get(1)).contains("16-byte ELF identification");
    }

    @Test
    void fileWithoutFunctionSymbolsIsNotServed() throws IOException {
        Tools.requireTool("strip");
        Path stripped = Files.copy(program, dir.resolve("stripped"));
        Tools.run("strip", "--strip-all", stripped.toString());
        assertThat(cache.load(new ModuleRef(stripped.toString(), null, ModuleRef.Kind.USER))).isEmpty();
        assertThat(logger.messages(Level.WARNING)).isEmpty();
        assertThat(logger.messages(Level.INFO)).hasSize(1).first().asString().contains("No function symbols");
    }

    @Test
    void aChangedFileIsReadAgain() throws IOException {
        Path copy = Files.copy(program, dir.resolve("changing"));
        ModuleRef module = new ModuleRef(copy.toString(), null, ModuleRef.Kind.USER);
        ModuleSymbols first = cache.load(module).orElseThrow();
        Files.setLastModifiedTime(copy, FileTime.fromMillis(Files.getLastModifiedTime(copy).toMillis() - 60_000));
        assertThat(cache.load(module).orElseThrow()).isNotSameAs(first);
    }

    @Test
    void theCacheIsBounded() throws IOException {
        ElfModuleCache small = new ElfModuleCache(1, logger);
        Path other = Files.copy(program, dir.resolve("other"));
        ModuleRef a = new ModuleRef(program.toString(), null, ModuleRef.Kind.USER);
        ModuleRef b = new ModuleRef(other.toString(), null, ModuleRef.Kind.USER);
        ModuleSymbols first = small.load(a).orElseThrow();
        assertThat(small.load(a).orElseThrow()).isSameAs(first);
        small.load(b).orElseThrow();
        assertThat(small.load(a).orElseThrow()).as("evicted by b, so read again").isNotSameAs(first);
    }

    private static ElfSymbolResolver.Config config(int cacheSize) {
        return new ElfSymbolResolver.Config() {
            @Override
            public int cacheSize() {
                return cacheSize;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return ElfSymbolResolver.Config.class;
            }
        };
    }
}
