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

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
 * Encodes events into the payload of one EVENTS chunk: a u8 tag per event, then its fields as
 * (zigzag) varints. Times are deltas against the previous event of the chunk, stack frames deltas
 * against the previous frame of the same stack. Not thread-safe.
 */
public final class EventEncoder {

    private byte[] buffer;
    private int size;
    private int eventCount;
    private long previousTime;

    public EventEncoder(int initialCapacity) {
        buffer = new byte[Math.max(64, initialCapacity)];
    }

    public void encode(CaptureEvent event) {
        if (event instanceof Sample s) {
            writeTagAndTime(TAG_SAMPLE, s.time());
            writeSigned(s.cpu());
            writeSigned(s.pid());
            writeSigned(s.tid());
            writeSigned(s.period());
            writeFrames(s.kernelFrames());
            writeFrames(s.userFrames());
        } else if (event instanceof ThreadStart t) {
            writeTagAndTime(TAG_THREAD_START, t.time());
            writeSigned(t.pid());
            writeSigned(t.tid());
            writeSigned(t.parentPid());
            writeSigned(t.parentTid());
        } else if (event instanceof ThreadExit t) {
            writeTagAndTime(TAG_THREAD_EXIT, t.time());
            writeSigned(t.pid());
            writeSigned(t.tid());
        } else if (event instanceof ThreadName t) {
            writeTagAndTime(TAG_THREAD_NAME, t.time());
            writeSigned(t.pid());
            writeSigned(t.tid());
            writeByte(t.exec() ? 1 : 0);
            writeString(t.name());
        } else if (event instanceof ModuleMapping m) {
            writeTagAndTime(TAG_MODULE_MAPPING, m.time());
            writeSigned(m.pid());
            writeSigned(m.tid());
            writeSigned(m.start());
            writeSigned(m.length());
            writeSigned(m.fileOffset());
            writeString(m.path());
            writeNullableString(m.buildId());
        } else if (event instanceof ContextSwitch c) {
            writeTagAndTime(TAG_CONTEXT_SWITCH, c.time());
            writeSigned(c.cpu());
            writeSigned(c.prevPid());
            writeSigned(c.prevTid());
            writeByte(ThreadStates.code(c.prevState()));
            writeSigned(c.nextPid());
            writeSigned(c.nextTid());
            writeFrames(c.kernelFrames());
            writeFrames(c.userFrames());
        } else if (event instanceof Wakeup w) {
            writeTagAndTime(TAG_WAKEUP, w.time());
            writeSigned(w.cpu());
            writeSigned(w.wakerPid());
            writeSigned(w.wakerTid());
            writeSigned(w.wakeePid());
            writeSigned(w.wakeeTid());
            writeSigned(w.targetCpu());
            writeFrames(w.kernelFrames());
            writeFrames(w.userFrames());
        } else if (event instanceof LostRecords l) {
            writeTagAndTime(TAG_LOST_RECORDS, l.time());
            writeSigned(l.cpu());
            writeSigned(l.count());
        } else if (event instanceof Throttle t) {
            writeTagAndTime(TAG_THROTTLE, t.time());
            writeSigned(t.cpu());
            writeByte(t.throttled() ? 1 : 0);
        } else {
            throw new IllegalArgumentException("the .tcap format has no encoding for " + event.getClass().getName());
        }
        eventCount++;
    }

    /** Bytes of the current chunk payload. */
    public int size() {
        return size;
    }

    public int eventCount() {
        return eventCount;
    }

    public boolean isEmpty() {
        return eventCount == 0;
    }

    /** Returns the payload encoded so far and starts the next chunk (whose first time is absolute again). */
    public byte[] takeChunk() {
        byte[] chunk = Arrays.copyOf(buffer, size);
        size = 0;
        eventCount = 0;
        previousTime = 0;
        return chunk;
    }

    private void writeTagAndTime(int tag, long time) {
        writeByte(tag);
        writeSigned(time - previousTime);
        previousTime = time;
    }

    private void writeFrames(long[] frames) {
        writeUnsigned(frames.length);
        long previous = 0;
        for (long frame : frames) {
            writeSigned(frame - previous);
            previous = frame;
        }
    }

    private void writeString(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeUnsigned(utf8.length);
        writeBytes(utf8);
    }

    /** Length + 1, so that 0 can stand for null. */
    private void writeNullableString(String value) {
        if (value == null) {
            writeUnsigned(0);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeUnsigned(utf8.length + 1L);
        writeBytes(utf8);
    }

    private void writeSigned(long value) {
        writeUnsigned((value << 1) ^ (value >> 63));
    }

    private void writeUnsigned(long value) {
        ensureCapacity(10);
        while ((value & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[size++] = (byte) value;
    }

    private void writeByte(int value) {
        ensureCapacity(1);
        buffer[size++] = (byte) value;
    }

    private void writeBytes(byte[] bytes) {
        ensureCapacity(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    private void ensureCapacity(int more) {
        long needed = (long) size + more;
        if (needed <= buffer.length) {
            return;
        }
        if (needed > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("an EVENTS chunk cannot exceed 2 GiB");
        }
        buffer = Arrays.copyOf(buffer, (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, 2L * buffer.length)));
    }
}
