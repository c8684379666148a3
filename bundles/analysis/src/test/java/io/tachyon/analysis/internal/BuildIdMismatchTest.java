package io.tachyon.analysis.internal;

import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.SymbolResolver;
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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A module is named from the file on this machine only when its build-id is the recorded one: a shared object
 * rebuilt (by gcc, with another {@code --build-id}) since the recording is not used, its frames are shown as
 * module+offset, and one warning per module says why.
 */
class BuildIdMismatchTest {

    private static final String RECORDED_ID = "abcdef0123456789abcdef0123456789abcdef01";
    private static final String OTHER_ID = "1234567890123456789012345678901234567890";
    private static final long LIB_START = 0x7f0000000000L;
    private static final String SOURCE = """
            int leaf_work(int n) { int s = 0; for (int i = 0; i < n; i++) s += i * i; return s; }
            int middle_step(int n) { return leaf_work(n) + 1; }
            """;

    @TempDir
    Path directory;
    private Path library;
    private Path source;

    @BeforeEach
    void writeSource() throws IOException {
        source = directory.resolve("buildid.c");
        Files.writeString(source, SOURCE);
        library = directory.resolve("libbuildid.so");
    }

    @Test
    void theRecordedBuildIsNamed() throws Exception {
        long leafWork = build(RECORDED_ID);
        FunctionTable.Builder functions = new FunctionTable.Builder();
        FrameSymbolizer symbolizer = new FrameSymbolizer(() -> List.of(resolver()), List.of(), functions);

        int function = symbolizer.function(space(symbolizer), LIB_START + leafWork + 4);

        assertThat(functions.build().name(function)).isEqualTo("leaf_work");
        assertThat(symbolizer.warnings()).isEmpty();
    }

    @Test
    void anotherBuildAtThePathIsNotUsedAndTheWarningSaysSoOnce() throws Exception {
        long leafWork = build(OTHER_ID);
        FunctionTable.Builder functions = new FunctionTable.Builder();
        FrameSymbolizer symbolizer = new FrameSymbolizer(() -> List.of(resolver()), List.of(), functions);
        AddressSpace space = space(symbolizer);

        int first = symbolizer.function(space, LIB_START + leafWork + 4);
        symbolizer.function(space, LIB_START + leafWork + 8);
        symbolizer.function(space, LIB_START + leafWork + 12);

        FunctionTable table = functions.build();
        assertThat(table.name(first)).isEqualTo("libbuildid.so+0x" + Long.toHexString(leafWork + 4));
        assertThat(symbolizer.warnings()).containsExactly(library + ": the file here has another build-id than the "
                + "recorded " + RECORDED_ID + ", so it is not used; its frames are shown as module+offset");
    }

    @Test
    void aMissingFileIsNoBuildIdMismatch() throws Exception {
        long leafWork = build(OTHER_ID);
        Files.delete(library);
        FunctionTable.Builder functions = new FunctionTable.Builder();
        FrameSymbolizer symbolizer = new FrameSymbolizer(() -> List.of(resolver()), List.of(), functions);

        symbolizer.function(space(symbolizer), LIB_START + leafWork);

        assertThat(symbolizer.warnings()).isEmpty();
    }

    /** The library mapped at {@link #LIB_START} (file offset 0), as recorded with {@link #RECORDED_ID}. */
    private AddressSpace space(FrameSymbolizer symbolizer) {
        AddressSpace space = new AddressSpace();
        ModuleEntry module = symbolizer.module(new ModuleRef(library.toString(), RECORDED_ID, ModuleRef.Kind.USER));
        space.map(new MappedModule(LIB_START, LIB_START + 0x10000, 0, module));
        return space;
    }

    /** Builds the library with {@code buildId}; returns leaf_work's address in it. */
    private long build(String buildId) throws Exception {
        run("gcc", "-shared", "-fPIC", "-O0", "-Wl,--build-id=0x" + buildId, "-o", library.toString(),
                source.toString());
        assertThat(run("readelf", "-n", library.toString())).contains("Build ID: " + buildId);
        for (String line : run("nm", library.toString()).split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3 && fields[2].equals("leaf_work")) {
                return Long.parseLong(fields[0], 16);
            }
        }
        throw new AssertionError("no leaf_work in nm's output for " + library);
    }

    private static SymbolResolver resolver() {
        return new ElfSymbolResolver(defaults(ElfSymbolResolver.Config.class));
    }

    private static <T> T defaults(Class<T> config) {
        return config.cast(Proxy.newProxyInstance(BuildIdMismatchTest.class.getClassLoader(), new Class<?>[] {config},
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
