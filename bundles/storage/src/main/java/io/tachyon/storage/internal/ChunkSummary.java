package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureChunk;
import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.capture.TimeRange;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

import static io.tachyon.storage.internal.TcapFormat.SUMMARY_ALL_THREADS;
import static io.tachyon.storage.internal.TcapFormat.SUMMARY_MAX_THREADS;

/**
 * What an EVENTS chunk holds, stored uncompressed at the start of its payload and again in the INDEX:
 * event and sample counts, the time range and the threads, so a reader picks chunks without decompressing.
 *
 * @param threads ascending, distinct; not the whole story when {@code allThreads}
 */
record ChunkSummary(long events, long samples, long firstTime, long lastTime, boolean allThreads, int[] threads) {

    void write(ByteSink out) {
        out.uvar(events);
        out.uvar(samples);
        out.svar(firstTime);
        out.uvar(lastTime - firstTime);
        out.u8(allThreads ? SUMMARY_ALL_THREADS : 0);
        out.uvar(threads.length);
        int previous = 0;
        for (int i = 0; i < threads.length; i++) {
            if (i == 0) {
                out.svar(threads[0]);
            } else {
                out.uvar((long) threads[i] - previous);
            }
            previous = threads[i];
        }
    }

    static ChunkSummary read(ByteSource in) throws CaptureFormatException {
        int eventsAt = in.position();
        long events = in.uvar("event count");
        long samples = in.uvar("sample count");
        if (events < 1 || samples < 0 || samples > events) {
            throw in.damage(eventsAt, "counts " + Long.toUnsignedString(events) + " events and "
                    + Long.toUnsignedString(samples) + " samples; expected 1 or more events, no more samples than events");
        }
        long firstTime = in.svar("first time");
        int spanAt = in.position();
        long span = in.uvar("time span");
        long lastTime = firstTime + span;
        if (lastTime < firstTime) {
            throw in.damage(spanAt, "time span " + Long.toUnsignedString(span) + " runs past the largest time");
        }
        int flagsAt = in.position();
        int flags = in.u8("flags");
        if ((flags & ~SUMMARY_ALL_THREADS) != 0) {
            throw in.damage(flagsAt, String.format("unknown flags 0x%02x", flags));
        }
        int countAt = in.position();
        int count = in.count("thread count", 1);
        if (count > SUMMARY_MAX_THREADS) {
            throw in.damage(countAt, "thread count " + count + " exceeds the " + SUMMARY_MAX_THREADS + " a summary lists");
        }
        int[] threads = new int[count];
        long previous = 0;
        for (int i = 0; i < count; i++) {
            int at = in.position();
            long tid = i == 0 ? in.svar("thread id") : previous + in.uvar("thread id distance");
            if (tid != (int) tid || i > 0 && tid <= previous) {
                throw in.damage(at, "thread id " + tid + " is not a 32-bit id above the one before");
            }
            threads[i] = (int) tid;
            previous = tid;
        }
        return new ChunkSummary(events, samples, firstTime, lastTime, (flags & SUMMARY_ALL_THREADS) != 0, threads);
    }

    TimeRange times() {
        return new TimeRange(firstTime, lastTime);
    }

    /** Whether the chunk can hold events of {@code window} that concern a thread {@code threads} accepts. */
    boolean mayHold(TimeRange window, IntPredicate threadFilter) {
        if (!times().overlaps(window)) {
            return false;
        }
        if (allThreads) {
            return true;
        }
        for (int tid : threads) {
            if (threadFilter.test(tid)) {
                return true;
            }
        }
        return false;
    }

    CaptureChunk toCaptureChunk(long offset, long bytes) {
        List<Integer> list = Arrays.stream(threads).boxed().toList();
        return new CaptureChunk(offset, bytes, times(), events, samples, list, allThreads);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChunkSummary s && events == s.events && samples == s.samples
                && firstTime == s.firstTime && lastTime == s.lastTime && allThreads == s.allThreads
                && Arrays.equals(threads, s.threads);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(events * 31 + firstTime) * 31 + Arrays.hashCode(threads);
    }

    @Override
    public String toString() {
        return "ChunkSummary[events=" + events + ", samples=" + samples + ", times=" + firstTime + ".." + lastTime
                + ", allThreads=" + allThreads + ", threads=" + Arrays.toString(threads) + "]";
    }
}
