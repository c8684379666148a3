package io.tachyon.storage.internal;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.LostRecords;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadExit;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadStart;
import io.tachyon.api.event.Throttle;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.ThreadState;
import io.tachyon.api.event.Wakeup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Reproducible event streams covering every event type, with the extreme values a real capture can hold. */
final class RandomEvents {

    private static final long KERNEL_TEXT = 0xffffffff81000000L;
    private static final long USER_TEXT = 0x00007f3a12340000L;

    private final Random random;
    private long time;

    RandomEvents(long seed) {
        random = new Random(seed);
        time = random.nextBoolean() ? random.nextLong() : 1_000_000_000L + random.nextInt(1 << 30);
    }

    static List<CaptureEvent> stream(long seed, int count) {
        RandomEvents events = new RandomEvents(seed);
        List<CaptureEvent> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(events.next());
        }
        return list;
    }

    static CaptureMetadata metadata(long seed) {
        Random random = new Random(seed);
        return new CaptureMetadata("perf-" + unicode(random, 6), "1.0." + random.nextInt(100), "höst-" + seed,
                "6.1.0-" + random.nextInt(40) + "-amd64", "x86_64", "Intel(R) Xeon(R) \u2122 " + unicode(random, 4),
                1 + random.nextInt(256), List.of("/usr/bin/stress", "--cpu", unicode(random, 5), ""), "CLOCK_MONOTONIC",
                random.nextLong(), random.nextLong(),
                Map.of("frequency", "4999", "callGraph", "fp", "emoji", "\uD83D\uDE80 " + unicode(random, 3)));
    }

    CaptureEvent next() {
        time = nextTime();
        return switch (random.nextInt(9)) {
            case 0 -> new ThreadStart(time, nextId(), nextId(), nextId(), nextId());
            case 1 -> new ThreadExit(time, nextId(), nextId());
            case 2 -> new ThreadName(time, nextId(), nextId(), unicode(random, random.nextInt(20)), random.nextBoolean());
            case 3 -> new ModuleMapping(time, random.nextInt(4) == 0 ? ModuleMapping.KERNEL_PID : nextId(), nextId(),
                    nextAddress(), nextLong(), nextLong(),
                    random.nextBoolean() ? "/usr/lib/x86_64-linux-gnu/" + unicode(random, 12) + ".so"
                            : ModuleMapping.KERNEL_PATH,
                    random.nextBoolean() ? null : random.nextBoolean() ? "" : Long.toHexString(random.nextLong()));
            case 4 -> new LostRecords(time, random.nextInt(3) == 0 ? -1 : random.nextInt(512), nextLong());
            case 5 -> new Throttle(time, random.nextInt(512), random.nextBoolean());
            case 6 -> new ContextSwitch(time, random.nextInt(512), nextId(), nextId(),
                    ThreadState.values()[random.nextInt(ThreadState.values().length)], nextId(), nextId(),
                    nextStack(KERNEL_TEXT), nextStack(USER_TEXT));
            case 7 -> new Wakeup(time, random.nextInt(512), nextId(), nextId(), nextId(), nextId(),
                    random.nextInt(512), nextStack(KERNEL_TEXT), nextStack(USER_TEXT));
            default -> new Sample(time, random.nextInt(512), nextId(), nextId(), nextLong(),
                    nextStack(KERNEL_TEXT), nextStack(USER_TEXT));
        };
    }

    private long nextTime() {
        return switch (random.nextInt(20)) {
            case 0 -> time - random.nextInt(1_000_000); // another CPU's event, slightly older
            case 1 -> random.nextLong();
            case 2 -> random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
            default -> time + random.nextInt(100_000);
        };
    }

    private int nextId() {
        return switch (random.nextInt(10)) {
            case 0 -> -1;
            case 1 -> random.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE;
            case 2 -> 0;
            default -> 1 + random.nextInt(4_194_304);
        };
    }

    private long nextLong() {
        return switch (random.nextInt(6)) {
            case 0 -> random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
            case 1 -> random.nextLong();
            case 2 -> -1;
            default -> random.nextInt(1 << 20);
        };
    }

    private long nextAddress() {
        return switch (random.nextInt(5)) {
            case 0 -> KERNEL_TEXT + random.nextInt(1 << 24);
            case 1 -> random.nextLong();
            case 2 -> random.nextBoolean() ? -1L : 0L;
            default -> USER_TEXT + random.nextInt(1 << 28);
        };
    }

    private long[] nextStack(long base) {
        int depth = switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> 1;
            default -> random.nextInt(130);
        };
        long[] frames = new long[depth];
        for (int i = 0; i < depth; i++) {
            frames[i] = random.nextInt(8) == 0 ? nextAddress() : base + random.nextInt(1 << 22);
        }
        return frames;
    }

    /** Valid Unicode (no lone surrogates): ASCII, Latin, CJK, emoji. */
    static String unicode(Random random, int codePoints) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            int codePoint = switch (random.nextInt(4)) {
                case 0 -> 0x20 + random.nextInt(0x5F);
                case 1 -> 0xA0 + random.nextInt(0x1E0);
                case 2 -> 0x4E00 + random.nextInt(0x5000);
                default -> 0x1F300 + random.nextInt(0x300);
            };
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }
}
