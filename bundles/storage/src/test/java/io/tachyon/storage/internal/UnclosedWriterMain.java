package io.tachyon.storage.internal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A recorder that is killed rather than closed: writes a capture, says so on stdout and waits to be
 * killed. Run by {@link TcapWriterTest} in its own JVM.
 */
public final class UnclosedWriterMain {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int count = Integer.parseInt(args[2]);
        TcapWriter writer = new TcapWriter(file, new WriterSettings(64 * 1024, Duration.ofMillis(500), 4));
        writer.metadata(RandomEvents.metadata(seed));
        RandomEvents.stream(seed, count).forEach(writer::accept);
        System.out.println("accepted " + count);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
