package io.tachyon.perf.internal;

import io.tachyon.api.collect.EventSink;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.ThreadName;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class VdsoTest {

    private static final String BUILD_ID = "e95baaeaec8534edc5df3654182ddf12b19d9b23";

    @TempDir
    Path dir;

    @Test
    void thisProcessesVdsoBuildIdIsWhatReadelfReadsInItsImage() throws Exception {
        byte[] image = Vdso.image(Path.of("/proc/self/maps"), Path.of("/proc/self/mem")).orElseThrow();
        Path copy = Files.write(dir.resolve("vdso.so"), image);
        Process readelf = new ProcessBuilder("readelf", "-n", copy.toString()).redirectErrorStream(true).start();
        String notes = new String(readelf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(readelf.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String expected = notes.lines().filter(line -> line.contains("Build ID:")).findFirst()
                .map(line -> line.substring(line.indexOf("Build ID:") + 9).trim()).orElseThrow(
                        () -> new AssertionError("no build-id in readelf -n of the vDSO:\n" + notes));

        assertThat(Vdso.buildIdOfThisProcess()).contains(expected);
    }

    @Test
    void only64BitVdsoMappingsWithoutABuildIdAreStamped() {
        List<CaptureEvent> received = new ArrayList<>();
        EventSink sink = Vdso.stamping(new EventSink() {
            @Override
            public void metadata(CaptureMetadata metadata) {
            }

            @Override
            public void accept(CaptureEvent event) {
                received.add(event);
            }
        }, Optional.of(BUILD_ID));
        ModuleMapping vdso64 = new ModuleMapping(1, 10, 10, 0x7ffd_1234_5000L, 0x2000, 0, "[vdso]", null);
        ModuleMapping vdso32 = new ModuleMapping(2, 11, 11, 0xf7f0_0000L, 0x2000, 0, "[vdso]", null);
        ModuleMapping named = new ModuleMapping(3, 10, 10, 0x7ffd_1234_5000L, 0x2000, 0, "[vdso]", "ab");
        ModuleMapping file = new ModuleMapping(4, 10, 10, 0x7f00_0000_0000L, 0x2000, 0, "/lib/libc.so.6", null);
        ThreadName other = new ThreadName(5, 10, 10, "app", false);
        for (CaptureEvent event : List.of(vdso64, vdso32, named, file, other)) {
            sink.accept(event);
        }

        assertThat(received).containsExactly(
                new ModuleMapping(1, 10, 10, 0x7ffd_1234_5000L, 0x2000, 0, "[vdso]", BUILD_ID),
                vdso32, named, file, other);
        assertThat(Vdso.stamping(sink, Optional.empty())).as("nothing to stamp with").isSameAs(sink);
    }

    @Test
    void aMapsFileWithoutVdsoGivesNoImage() throws IOException {
        Path maps = Files.writeString(dir.resolve("maps"),
                "55d0c0a00000-55d0c0a01000 r-xp 00000000 08:01 123 /usr/bin/true\n");
        assertThat(Vdso.image(maps, dir.resolve("mem"))).isEmpty();
    }
}
