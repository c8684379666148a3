package io.tachyon.unwind.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds and runs {@code stack_capture.c}: threads blocked in nanosleep, pthread_mutex_lock and write, their
 * interrupted contexts and stacks captured from a signal handler, and the process's maps.
 */
final class StackCaptureHarness {

    final Map<String, CapturedThread> threads = new HashMap<>();
    final ProcessMaps maps;
    final Path program;

    private StackCaptureHarness(Path program, ProcessMaps maps) {
        this.program = program;
        this.maps = maps;
    }

    static StackCaptureHarness run(Path dir) throws IOException {
        Tools.requireX86_64();
        Tools.requireTool("gcc");
        Tools.requireTool("nm");
        Tools.requireTool("readelf");
        Path source = dir.resolve("stack_capture.c");
        try (InputStream in = StackCaptureHarness.class.getResourceAsStream("stack_capture.c")) {
            Files.write(source, in.readAllBytes());
        }
        Path program = dir.resolve("stack_capture");
        Tools.run("gcc", "-O1", "-fno-omit-frame-pointer", "-pthread", "-o", program.toString(), source.toString());
        Path out = Files.createDirectories(dir.resolve("captures"));
        Tools.run(program.toString(), out.toString());
        StackCaptureHarness harness = new StackCaptureHarness(program,
                ProcessMaps.parse(Files.readString(out.resolve("maps"))));
        for (String name : new String[] {"sleeper", "waiter", "writer"}) {
            harness.threads.put(name, CapturedThread.read(out.resolve(name + ".ctx")));
        }
        return harness;
    }
}
