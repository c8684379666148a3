package io.tachyon.storage.internal;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.LostRecords;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadExit;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadStart;
import io.tachyon.api.event.Throttle;
import io.tachyon.api.event.Wakeup;

import java.util.Arrays;

import static io.tachyon.storage.internal.TcapFormat.SUMMARY_MAX_THREADS;
import static io.tachyon.storage.internal.TcapFormat.TAG_CONTEXT_SWITCH;
import static io.tachyon.storage.internal.TcapFormat.TAG_LOST_RECORDS;
import static io.tachyon.storage.internal.TcapFormat.TAG_MODULE_MAPPING;
import static io.tachyon.storage.internal.TcapFormat.TAG_SAMPLE;
import static io.tachyon.storage.internal.TcapFormat.TAG_THREAD_EXIT;
import static io.tachyon.storage.internal.TcapFormat.TAG_THREAD_NAME;
import static io.tachyon.storage.internal.TcapFormat.TAG_THREAD_START;
import static io.tachyon.storage.internal.TcapFormat.TAG_THROTTLE;
import static io.tachyon.storage.internal.TcapFormat.TAG_WAKEUP;

/**
 * Encodes the events of one EVENTS chunk into columns (docs/capture-format.md, "EVENTS body"): one column
 * per kind of field, so that similar values lie together and compress well; times are deltas, stacks and
 * strings ids from the {@link Interner}. Not thread-safe.
 */
final class EventsEncoder {

    /** The columns of the EVENTS body, in the order they are stored. */
    enum Column {
        KINDS, TIMES, CPUS, THREADS, PERIODS, USER_STACKS, KERNEL_STACKS, STATES, TARGET_CPUS, DETAILS;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    private final Interner interner;
    private final ByteSink[] columns = new ByteSink[Column.values().length];
    private final LongIntMap threadSet = new LongIntMap(SUMMARY_MAX_THREADS);
    private int[] threadList = new int[64];
    private int threadCount;
    private boolean allThreads;
    private long events;
    private long samples;
    private long firstTime;
    private long lastTime;
    private long previousTime;
    private long previousPeriod;

    EventsEncoder(Interner interner) {
        this.interner = interner;
        for (int i = 0; i < columns.length; i++) {
            columns[i] = new ByteSink(i <= Column.THREADS.ordinal() ? 64 * 1024 : 16 * 1024);
        }
        clear();
    }

    boolean isEmpty() {
        return events == 0;
    }

    /** Bytes of the columns so far: the size of the chunk before compression. */
    int size() {
        int size = 0;
        for (ByteSink column : columns) {
            size += column.size();
        }
        return size;
    }

    void add(CaptureEvent event) {
        long time = event.time();
        if (events == 0) {
            firstTime = time;
            lastTime = time;
        } else {
            firstTime = Math.min(firstTime, time);
            lastTime = Math.max(lastTime, time);
        }
        column(Column.TIMES).svar(time - previousTime);
        previousTime = time;
        events++;
        if (event instanceof Sample s) {
            samples++;
            kind(TAG_SAMPLE);
            column(Column.CPUS).svar(s.cpu());
            threads(s.pid(), s.tid());
            thread(s.tid());
            column(Column.PERIODS).svar(s.period() - previousPeriod);
            previousPeriod = s.period();
            stack(s.kernelFrames(), s.userFrames());
        } else if (event instanceof ContextSwitch s) {
            kind(TAG_CONTEXT_SWITCH);
            column(Column.CPUS).svar(s.cpu());
            threads(s.prevPid(), s.prevTid());
            threads(s.nextPid(), s.nextTid());
            thread(s.prevTid());
            thread(s.nextTid());
            column(Column.STATES).u8(ThreadStates.code(s.prevState()));
            stack(s.kernelFrames(), s.userFrames());
        } else if (event instanceof Wakeup w) {
            kind(TAG_WAKEUP);
            column(Column.CPUS).svar(w.cpu());
            threads(w.wakerPid(), w.wakerTid());
            threads(w.wakeePid(), w.wakeeTid());
            thread(w.wakerTid());
            thread(w.wakeeTid());
            column(Column.TARGET_CPUS).svar(w.targetCpu());
            stack(w.kernelFrames(), w.userFrames());
        } else if (event instanceof ThreadStart t) {
            kind(TAG_THREAD_START);
            threads(t.pid(), t.tid());
            threads(t.parentPid(), t.parentTid());
            thread(t.tid());
        } else if (event instanceof ThreadExit t) {
            kind(TAG_THREAD_EXIT);
            threads(t.pid(), t.tid());
            thread(t.tid());
        } else if (event instanceof ThreadName t) {
            kind(TAG_THREAD_NAME);
            threads(t.pid(), t.tid());
            thread(t.tid());
            ByteSink details = column(Column.DETAILS);
            details.bool(t.exec());
            details.uvar(interner.string(t.name()));
        } else if (event instanceof ModuleMapping m) {
            kind(TAG_MODULE_MAPPING);
            threads(m.pid(), m.tid());
            allThreads = true;
            ByteSink details = column(Column.DETAILS);
            details.svar(m.start());
            details.svar(m.length());
            details.svar(m.fileOffset());
            details.uvar(interner.string(m.path()));
            details.uvar(m.buildId() == null ? 0 : interner.string(m.buildId()) + 1L);
        } else if (event instanceof LostRecords l) {
            kind(TAG_LOST_RECORDS);
            column(Column.CPUS).svar(l.cpu());
            allThreads = true;
            column(Column.DETAILS).svar(l.count());
        } else if (event instanceof Throttle t) {
            kind(TAG_THROTTLE);
            column(Column.CPUS).svar(t.cpu());
            allThreads = true;
            column(Column.DETAILS).bool(t.throttled());
        } else {
            throw new IllegalArgumentException("no encoding for " + event.getClass().getName());
        }
    }

    ChunkSummary summary() {
        int[] threads = new int[0];
        if (!allThreads) {
            threads = Arrays.copyOf(threadList, threadCount);
            Arrays.sort(threads);
        }
        return new ChunkSummary(events, samples, firstTime, lastTime, allThreads, threads);
    }

    /** Writes the columns, each as a length-prefixed block: the decompressed EVENTS body. */
    void writeBody(ByteSink out) {
        for (ByteSink column : columns) {
            out.block(column);
        }
    }

    void clear() {
        for (ByteSink column : columns) {
            column.clear();
        }
        threadSet.clear();
        threadCount = 0;
        allThreads = false;
        events = 0;
        samples = 0;
        previousTime = 0;
        previousPeriod = 0;
    }

    private ByteSink column(Column column) {
        return columns[column.ordinal()];
    }

    private void kind(int tag) {
        column(Column.KINDS).u8(tag);
    }

    private void threads(int pid, int tid) {
        ByteSink threads = column(Column.THREADS);
        threads.svar(pid);
        threads.svar(tid);
    }

    /** Notes that the chunk holds an event about {@code tid}, for its summary. */
    private void thread(int tid) {
        if (allThreads) {
            return;
        }
        if (threadSet.putIfAbsent(tid, threadCount) == threadCount) {
            if (threadCount == SUMMARY_MAX_THREADS) {
                allThreads = true;
                return;
            }
            if (threadCount == threadList.length) {
                threadList = Arrays.copyOf(threadList, threadCount * 2);
            }
            threadList[threadCount++] = tid;
        }
    }

    /** User and kernel stacks are separate paths from their own roots, so a kernel path is stored once. */
    private void stack(long[] kernel, long[] user) {
        column(Column.USER_STACKS).uvar(interner.stack(user));
        column(Column.KERNEL_STACKS).uvar(interner.stack(kernel));
    }
}
