package io.tachyon.analysis.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Every thread of a capture, one index per (pid, tid), with the name it had last. Immutable; built by
 * {@link Builder}.
 */
final class ThreadTable {

    private final LongIntHashMap index;
    private final int[] pids;
    private final int[] tids;
    private final String[] names;
    private final BitSet recorded;

    private ThreadTable(LongIntHashMap index, int[] pids, int[] tids, String[] names, BitSet recorded) {
        this.index = index;
        this.pids = pids;
        this.tids = tids;
        this.names = names;
        this.recorded = recorded;
    }

    /**
     * Whether the capture recorded this thread itself (its samples, switch-outs, start, name or exit), rather
     * than only naming it as the other side of a switch or a wake-up. A per-thread recording sees the threads
     * of other processes that take the CPU from its own, but nothing of their lives.
     */
    boolean recorded(int thread) {
        return recorded.get(thread);
    }

    /** The index of the thread, or {@link LongIntHashMap#MISSING} when the capture never mentions it. */
    int indexOf(int pid, int tid) {
        return index.get(key(pid, tid));
    }

    int size() {
        return pids.length;
    }

    int pid(int thread) {
        return pids[thread];
    }

    int tid(int thread) {
        return tids[thread];
    }

    /** The thread's last name, or {@code :tid} (as perf shows it) when the capture never named it. */
    String name(int thread) {
        return names[thread] != null ? names[thread] : ":" + tids[thread];
    }

    static final class Builder {

        private final LongIntHashMap index = new LongIntHashMap();
        private final List<int[]> ids = new ArrayList<>();
        private final List<String> names = new ArrayList<>();
        private final BitSet recorded = new BitSet();

        /** The index of the thread, added (without a name) when it is new. */
        int thread(int pid, int tid) {
            long key = key(pid, tid);
            int thread = index.get(key);
            if (thread == LongIntHashMap.MISSING) {
                thread = ids.size();
                ids.add(new int[] {pid, tid});
                names.add(null);
                index.put(key, thread);
            }
            return thread;
        }

        int pid(int thread) {
            return ids.get(thread)[0];
        }

        void markRecorded(int thread) {
            recorded.set(thread);
        }

        void rename(int pid, int tid, String name) {
            names.set(thread(pid, tid), name);
        }

        /** A new thread takes its creator's name until it names itself, as the kernel copies it on clone. */
        void inheritName(int pid, int tid, int parentPid, int parentTid) {
            int thread = thread(pid, tid);
            int parent = index.get(key(parentPid, parentTid));
            if (names.get(thread) == null && parent != LongIntHashMap.MISSING) {
                names.set(thread, names.get(parent));
            }
        }

        ThreadTable build() {
            int size = ids.size();
            int[] pids = new int[size];
            int[] tids = new int[size];
            for (int i = 0; i < size; i++) {
                pids[i] = ids.get(i)[0];
                tids[i] = ids.get(i)[1];
            }
            return new ThreadTable(index, pids, tids, names.toArray(new String[0]), (BitSet) recorded.clone());
        }

    }

    private static long key(int pid, int tid) {
        return ((long) pid << 32) | (tid & 0xFFFF_FFFFL);
    }
}
