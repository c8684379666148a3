package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.LostRecords;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadState;
import io.tachyon.api.event.ThreadExit;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadStart;
import io.tachyon.api.event.Throttle;
import io.tachyon.api.event.Wakeup;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

import static io.tachyon.storage.internal.TcapFormat.TAG_CONTEXT_SWITCH;
import static io.tachyon.storage.internal.TcapFormat.TAG_LAST;
import static io.tachyon.storage.internal.TcapFormat.TAG_LOST_RECORDS;
import static io.tachyon.storage.internal.TcapFormat.TAG_MODULE_MAPPING;
import static io.tachyon.storage.internal.TcapFormat.TAG_SAMPLE;
import static io.tachyon.storage.internal.TcapFormat.TAG_THREAD_EXIT;
import static io.tachyon.storage.internal.TcapFormat.TAG_THREAD_NAME;
import static io.tachyon.storage.internal.TcapFormat.TAG_THREAD_START;
import static io.tachyon.storage.internal.TcapFormat.TAG_THROTTLE;
import static io.tachyon.storage.internal.TcapFormat.TAG_WAKEUP;

/**
 * Decodes the payload of one EVENTS chunk, the inverse of {@link EventEncoder}. Every problem is a
 * {@link CaptureFormatException} naming the file offset of the byte that could not be decoded.
 */
public final class EventDecoder {

    private final Path file;
    private final long payloadOffset;
    private final byte[] payload;
    private final int limit;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
    private int position;
    private long previousTime;

    /**
     * @param payloadOffset file offset of {@code payload[0]}, for error messages
     * @param length        bytes of {@code payload} that belong to the chunk
     */
    public EventDecoder(Path file, long payloadOffset, byte[] payload, int length) {
        this.file = file;
        this.payloadOffset = payloadOffset;
        this.payload = payload;
        this.limit = length;
    }

    /** Decodes the whole payload, handing each event to {@code consumer} as soon as it is decoded. */
    public void decodeAll(Consumer<? super CaptureEvent> consumer) throws CaptureFormatException {
        while (position < limit) {
            consumer.accept(decodeEvent());
        }
    }

    private CaptureEvent decodeEvent() throws CaptureFormatException {
        int tagPosition = position;
        int tag = payload[position++] & 0xFF;
        switch (tag) {
            case TAG_SAMPLE: {
                long time = readTime("Sample.time");
                int cpu = readInt("Sample.cpu");
                int pid = readInt("Sample.pid");
                int tid = readInt("Sample.tid");
                long period = readSigned("Sample.period");
                long[] kernelFrames = readFrames("Sample.kernelFrames");
                long[] userFrames = readFrames("Sample.userFrames");
                return new Sample(time, cpu, pid, tid, period, kernelFrames, userFrames);
            }
            case TAG_THREAD_START: {
                long time = readTime("ThreadStart.time");
                return new ThreadStart(time, readInt("ThreadStart.pid"), readInt("ThreadStart.tid"),
                        readInt("ThreadStart.parentPid"), readInt("ThreadStart.parentTid"));
            }
            case TAG_THREAD_EXIT: {
                long time = readTime("ThreadExit.time");
                return new ThreadExit(time, readInt("ThreadExit.pid"), readInt("ThreadExit.tid"));
            }
            case TAG_THREAD_NAME: {
                long time = readTime("ThreadName.time");
                int pid = readInt("ThreadName.pid");
                int tid = readInt("ThreadName.tid");
                boolean exec = readBoolean("ThreadName.exec");
                return new ThreadName(time, pid, tid, readString("ThreadName.name"), exec);
            }
            case TAG_MODULE_MAPPING: {
                long time = readTime("ModuleMapping.time");
                int pid = readInt("ModuleMapping.pid");
                int tid = readInt("ModuleMapping.tid");
                long start = readSigned("ModuleMapping.start");
                long length = readSigned("ModuleMapping.length");
                long fileOffset = readSigned("ModuleMapping.fileOffset");
                String path = readString("ModuleMapping.path");
                String buildId = readNullableString("ModuleMapping.buildId");
                return new ModuleMapping(time, pid, tid, start, length, fileOffset, path, buildId);
            }
            case TAG_CONTEXT_SWITCH: {
                long time = readTime("ContextSwitch.time");
                int cpu = readInt("ContextSwitch.cpu");
                int prevPid = readInt("ContextSwitch.prevPid");
                int prevTid = readInt("ContextSwitch.prevTid");
                ThreadState prevState = readThreadState("ContextSwitch.prevState");
                int nextPid = readInt("ContextSwitch.nextPid");
                int nextTid = readInt("ContextSwitch.nextTid");
                long[] kernelFrames = readFrames("ContextSwitch.kernelFrames");
                long[] userFrames = readFrames("ContextSwitch.userFrames");
                return new ContextSwitch(time, cpu, prevPid, prevTid, prevState, nextPid, nextTid, kernelFrames,
                        userFrames);
            }
            case TAG_WAKEUP: {
                long time = readTime("Wakeup.time");
                int cpu = readInt("Wakeup.cpu");
                int wakerPid = readInt("Wakeup.wakerPid");
                int wakerTid = readInt("Wakeup.wakerTid");
                int wakeePid = readInt("Wakeup.wakeePid");
                int wakeeTid = readInt("Wakeup.wakeeTid");
                int targetCpu = readInt("Wakeup.targetCpu");
                long[] kernelFrames = readFrames("Wakeup.kernelFrames");
                long[] userFrames = readFrames("Wakeup.userFrames");
                return new Wakeup(time, cpu, wakerPid, wakerTid, wakeePid, wakeeTid, targetCpu, kernelFrames,
                        userFrames);
            }
            case TAG_LOST_RECORDS: {
                long time = readTime("LostRecords.time");
                return new LostRecords(time, readInt("LostRecords.cpu"), readSigned("LostRecords.count"));
            }
            case TAG_THROTTLE: {
                long time = readTime("Throttle.time");
                return new Throttle(time, readInt("Throttle.cpu"), readBoolean("Throttle.throttled"));
            }
            default:
                throw damage(tagPosition, String.format(
                        "unknown event tag 0x%02x; expected an event tag %d..%d", tag, TAG_THREAD_START, TAG_LAST));
        }
    }

    private long readTime(String field) throws CaptureFormatException {
        previousTime += readSigned(field);
        return previousTime;
    }

    private long[] readFrames(String field) throws CaptureFormatException {
        int countPosition = position;
        long count = readUnsigned(field + " count");
        // Each frame takes at least one byte, so a count beyond the bytes left is damage, not a reason to allocate.
        if (count < 0 || count > limit - position) {
            throw damage(countPosition, field + " count " + Long.toUnsignedString(count) + " exceeds the "
                    + (limit - position) + " bytes left in the chunk");
        }
        long[] frames = new long[(int) count];
        long previous = 0;
        for (int i = 0; i < frames.length; i++) {
            previous += readSigned(field);
            frames[i] = previous;
        }
        return frames;
    }

    private String readString(String field) throws CaptureFormatException {
        int lengthPosition = position;
        long length = readUnsigned(field + " length");
        return readUtf8(field, lengthPosition, length);
    }

    private String readNullableString(String field) throws CaptureFormatException {
        int lengthPosition = position;
        long lengthPlusOne = readUnsigned(field + " length");
        if (lengthPlusOne == 0) {
            return null;
        }
        return readUtf8(field, lengthPosition, lengthPlusOne - 1);
    }

    private String readUtf8(String field, int lengthPosition, long length) throws CaptureFormatException {
        if (length < 0 || length > limit - position) {
            throw damage(lengthPosition, field + " length " + Long.toUnsignedString(length) + " exceeds the "
                    + (limit - position) + " bytes left in the chunk");
        }
        int start = position;
        position += (int) length;
        try {
            return utf8.decode(ByteBuffer.wrap(payload, start, (int) length)).toString();
        } catch (CharacterCodingException e) {
            throw damage(start, field + " is not valid UTF-8");
        }
    }

    private ThreadState readThreadState(String field) throws CaptureFormatException {
        int statePosition = position;
        if (statePosition >= limit) {
            throw damage(statePosition, field + ": expected a thread state byte, found the end of the chunk");
        }
        int code = payload[position++] & 0xff;
        ThreadState state = ThreadStates.of(code);
        if (state == null) {
            throw damage(statePosition, field + ": " + code + " is not a thread state (0.." + ThreadStates.LAST + ")");
        }
        return state;
    }

    private boolean readBoolean(String field) throws CaptureFormatException {
        if (position >= limit) {
            throw damage(position, field + ": expected a byte 0 or 1, found the end of the chunk");
        }
        int value = payload[position] & 0xFF;
        if (value > 1) {
            throw damage(position, field + ": expected a byte 0 or 1, found " + value);
        }
        position++;
        return value == 1;
    }

    private int readInt(String field) throws CaptureFormatException {
        int start = position;
        long value = readSigned(field);
        if (value != (int) value) {
            throw damage(start, field + ": expected a 32-bit value, found " + value);
        }
        return (int) value;
    }

    private long readSigned(String field) throws CaptureFormatException {
        long zigzag = readUnsigned(field);
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    /** LEB128: at most 10 bytes, and the 10th may only hold the 64th bit. */
    private long readUnsigned(String field) throws CaptureFormatException {
        int start = position;
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            if (position >= limit) {
                throw damage(start, field + ": varint runs past the end of the chunk");
            }
            int b = payload[position++] & 0xFF;
            if (shift == 63 && b > 1) {
                throw damage(start, field + ": malformed varint, more than 64 bits");
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
    }

    private CaptureFormatException damage(int positionInPayload, String problem) {
        return new CaptureFormatException(file, payloadOffset + positionInPayload, "EVENTS chunk: " + problem);
    }
}
