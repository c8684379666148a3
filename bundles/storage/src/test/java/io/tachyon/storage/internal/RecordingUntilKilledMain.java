package io.tachyon.storage.internal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A recorder fed by a synthetic source as fast as it can take events, until it is killed. After every
 * {@code flushEvery} events it flushes and prints "flushed EVENTS BYTES". Run by {@link TcapWriterTest} in
 * its own JVM.
 */
public final class RecordingUntilKilledMain {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int flushEvery = Integer.parseInt(args[2]);
        TcapWriter writer = new TcapWriter(file, new WriterSettings(64 * 1024, Duration.ofMillis(200), 4, 20_000));
        writer.metadata(RandomEvents.metadata(seed));
        RealisticEvents source = RealisticEvents.source(seed);
        for (long accepted = 1; ; accepted++) {
            writer.accept(source.next());
            if (accepted % flushEvery == 0) {
                writer.flush();
                System.out.println("flushed " + accepted + " " + writer.bytesWritten());
                System.out.flush();
            }
        }
    }
}
