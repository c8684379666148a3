package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.ThreadExit;
import org.junit.jupiter.api.Test;

import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Chunks decoded on another thread come out in order, failures in their place, and the thread always ends. */
class DecodeAheadTest {

    private static List<CaptureEvent> chunk(int position) {
        return List.of(new ThreadExit(position, 1, position));
    }

    @Test
    void deliversEveryChunkInOrderThenNull() throws Exception {
        int[] positions = {3, 5, 8, 13, 21, 34};
        List<Long> seen = new ArrayList<>();
        try (DecodeAhead ahead = new DecodeAhead(positions, DecodeAheadTest::chunk, 2, "test")) {
            for (List<CaptureEvent> events = ahead.next(); events != null; events = ahead.next()) {
                seen.add(events.get(0).time());
            }
        }
        assertThat(seen).containsExactly(3L, 5L, 8L, 13L, 21L, 34L);
    }

    @Test
    void aFailureComesAfterTheChunksBeforeItAndNothingIsDecodedPastIt() throws Exception {
        CaptureFormatException damage = new CaptureFormatException(Path.of("x.tcap"), 100, "bad chunk");
        AtomicInteger decoded = new AtomicInteger();
        DecodeAhead.ChunkDecoder decoder = position -> {
            decoded.incrementAndGet();
            if (position == 2) {
                throw damage;
            }
            return chunk(position);
        };
        try (DecodeAhead ahead = new DecodeAhead(new int[] {0, 1, 2, 3, 4}, decoder, 2, "test")) {
            assertThat(ahead.next().get(0).time()).isEqualTo(0);
            assertThat(ahead.next().get(0).time()).isEqualTo(1);
            assertThatThrownBy(ahead::next).isSameAs(damage);
            assertThat(ahead.next()).as("nothing after the failure").isNull();
        }
        assertThat(decoded).hasValue(3);
    }

    @Test
    void closingBeforeTheEndStopsTheDecodingThread() throws Exception {
        AtomicInteger decoded = new AtomicInteger();
        AtomicReference<Thread> decodingThread = new AtomicReference<>();
        DecodeAhead.ChunkDecoder decoder = position -> {
            decodingThread.set(Thread.currentThread());
            decoded.incrementAndGet();
            return chunk(position);
        };
        int[] positions = new int[1000];
        try (DecodeAhead ahead = new DecodeAhead(positions, decoder, 2, "test")) {
            ahead.next();
        }
        assertThat(decodingThread.get().isAlive()).isFalse();
        assertThat(decoded.get()).as("at most the queue and one in hand ahead of the consumer").isLessThanOrEqualTo(4);
    }

    @Test
    void runtimeExceptionsAndErrorsComeOutInTheirPlaceAsThemselves() throws Exception {
        IllegalArgumentException bug = new IllegalArgumentException("a bug in a decoder");
        StackOverflowError error = new StackOverflowError("deep");
        for (Throwable failure : new Throwable[] {bug, error}) {
            DecodeAhead.ChunkDecoder decoder = position -> {
                if (position == 1) {
                    if (failure instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw (Error) failure;
                }
                return chunk(position);
            };
            try (DecodeAhead ahead = new DecodeAhead(new int[] {0, 1, 2}, decoder, 2, "test")) {
                assertThat(ahead.next().get(0).time()).isEqualTo(0);
                assertThatThrownBy(ahead::next).isSameAs(failure);
                assertThat(ahead.next()).isNull();
            }
        }
    }

    @Test
    void anInterruptedConsumerGetsAnInterruptedIoExceptionAndKeepsItsInterrupt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<InterruptedException> decoderInterrupted = new AtomicReference<>();
        DecodeAhead.ChunkDecoder slow = position -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                decoderInterrupted.set(e);
            }
            return chunk(position);
        };
        try (DecodeAhead ahead = new DecodeAhead(new int[] {0, 1}, slow, 2, "test")) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(ahead::next).isInstanceOf(InterruptedIOException.class);
            assertThat(Thread.interrupted()).isTrue();
            release.countDown();
        }
        assertThat(decoderInterrupted.get()).as("the decoding thread is never interrupted").isNull();
    }
}
