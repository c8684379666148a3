package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.LostRecords;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadExit;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadStart;
import io.tachyon.api.event.ThreadState;
import io.tachyon.api.event.Throttle;
import io.tachyon.api.event.Wakeup;

import java.util.ArrayList;
import java.util.List;

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
 * Decodes the body of one EVENTS chunk, the inverse of {@link EventsEncoder}, against the dictionary as it
 * stands before the chunk. Checks the result against the chunk's summary, so a chunk is delivered only when
 * all of it agrees.
 */
final class EventsDecoder {

    private final Dictionary dictionary;
    private final ByteSource[] columns = new ByteSource[EventsEncoder.Column.values().length];
    private long previousTime;
    private long previousPeriod;

    private EventsDecoder(Dictionary dictionary) {
        this.dictionary = dictionary;
    }

    /** Decodes all events of a decompressed EVENTS body that {@code summary} describes. */
    static List<CaptureEvent> decode(ByteSource body, ChunkSummary summary, Dictionary dictionary)
            throws CaptureFormatException {
        return new EventsDecoder(dictionary).decodeAll(body, summary);
    }

    private List<CaptureEvent> decodeAll(ByteSource body, ChunkSummary summary) throws CaptureFormatException {
        for (EventsEncoder.Column column : EventsEncoder.Column.values()) {
            columns[column.ordinal()] = body.block("column " + column.label());
        }
        body.expectEnd("EVENTS body");
        ByteSource kinds = column(EventsEncoder.Column.KINDS);
        if (kinds.remaining() != summary.events()) {
            throw kinds.damage(kinds.position(), "column kinds holds " + kinds.remaining()
                    + " events; the chunk's summary counts " + summary.events());
        }
        List<CaptureEvent> events = new ArrayList<>(kinds.remaining());
        long samples = 0;
        long firstTime = Long.MAX_VALUE;
        long lastTime = Long.MIN_VALUE;
        while (kinds.hasRemaining()) {
            CaptureEvent event = decodeEvent(kinds);
            if (event instanceof Sample) {
                samples++;
            }
            firstTime = Math.min(firstTime, event.time());
            lastTime = Math.max(lastTime, event.time());
            events.add(event);
        }
        for (ByteSource column : columns) {
            column.expectEnd("EVENTS body");
        }
        if (samples != summary.samples() || firstTime != summary.firstTime() || lastTime != summary.lastTime()) {
            throw body.damage(0, "the events (" + samples + " samples, times " + firstTime + ".." + lastTime
                    + ") disagree with the chunk's summary (" + summary.samples() + " samples, times "
                    + summary.firstTime() + ".." + summary.lastTime() + ")");
        }
        return events;
    }

    private CaptureEvent decodeEvent(ByteSource kinds) throws CaptureFormatException {
        int kindAt = kinds.position();
        int kind = kinds.u8("kind");
        previousTime += column(EventsEncoder.Column.TIMES).svar("time");
        long time = previousTime;
        ByteSource threads = column(EventsEncoder.Column.THREADS);
        ByteSource cpus = column(EventsEncoder.Column.CPUS);
        ByteSource details = column(EventsEncoder.Column.DETAILS);
        switch (kind) {
            case TAG_SAMPLE: {
                int cpu = cpus.s32("Sample.cpu");
                int pid = threads.s32("Sample.pid");
                int tid = threads.s32("Sample.tid");
                previousPeriod += column(EventsEncoder.Column.PERIODS).svar("Sample.period");
                return new Sample(time, cpu, pid, tid, previousPeriod,
                        kernelFrames("Sample.kernelStack stack id"), userFrames("Sample.userStack stack id"));
            }
            case TAG_CONTEXT_SWITCH: {
                int cpu = cpus.s32("ContextSwitch.cpu");
                int prevPid = threads.s32("ContextSwitch.prevPid");
                int prevTid = threads.s32("ContextSwitch.prevTid");
                int nextPid = threads.s32("ContextSwitch.nextPid");
                int nextTid = threads.s32("ContextSwitch.nextTid");
                ThreadState state = threadState();
                return new ContextSwitch(time, cpu, prevPid, prevTid, state, nextPid, nextTid,
                        kernelFrames("ContextSwitch.kernelStack stack id"),
                        userFrames("ContextSwitch.userStack stack id"));
            }
            case TAG_WAKEUP: {
                int cpu = cpus.s32("Wakeup.cpu");
                int wakerPid = threads.s32("Wakeup.wakerPid");
                int wakerTid = threads.s32("Wakeup.wakerTid");
                int wakeePid = threads.s32("Wakeup.wakeePid");
                int wakeeTid = threads.s32("Wakeup.wakeeTid");
                int targetCpu = column(EventsEncoder.Column.TARGET_CPUS).s32("Wakeup.targetCpu");
                return new Wakeup(time, cpu, wakerPid, wakerTid, wakeePid, wakeeTid, targetCpu,
                        kernelFrames("Wakeup.kernelStack stack id"), userFrames("Wakeup.userStack stack id"));
            }
            case TAG_THREAD_START:
                return new ThreadStart(time, threads.s32("ThreadStart.pid"), threads.s32("ThreadStart.tid"),
                        threads.s32("ThreadStart.parentPid"), threads.s32("ThreadStart.parentTid"));
            case TAG_THREAD_EXIT:
                return new ThreadExit(time, threads.s32("ThreadExit.pid"), threads.s32("ThreadExit.tid"));
            case TAG_THREAD_NAME: {
                int pid = threads.s32("ThreadName.pid");
                int tid = threads.s32("ThreadName.tid");
                boolean exec = details.bool("ThreadName.exec");
                return new ThreadName(time, pid, tid, dictionary.string(details, "ThreadName.name"), exec);
            }
            case TAG_MODULE_MAPPING: {
                int pid = threads.s32("ModuleMapping.pid");
                int tid = threads.s32("ModuleMapping.tid");
                long start = details.svar("ModuleMapping.start");
                long length = details.svar("ModuleMapping.length");
                long fileOffset = details.svar("ModuleMapping.fileOffset");
                String path = dictionary.string(details, "ModuleMapping.path");
                String buildId = dictionary.nullableString(details, "ModuleMapping.buildId");
                return new ModuleMapping(time, pid, tid, start, length, fileOffset, path, buildId);
            }
            case TAG_LOST_RECORDS:
                return new LostRecords(time, cpus.s32("LostRecords.cpu"), details.svar("LostRecords.count"));
            case TAG_THROTTLE:
                return new Throttle(time, cpus.s32("Throttle.cpu"), details.bool("Throttle.throttled"));
            default:
                throw kinds.damage(kindAt, String.format("unknown event kind 0x%02x; expected %d..%d", kind,
                        TAG_THREAD_START, TAG_LAST));
        }
    }

    private ThreadState threadState() throws CaptureFormatException {
        ByteSource states = column(EventsEncoder.Column.STATES);
        int at = states.position();
        int code = states.u8("ContextSwitch.prevState");
        ThreadState state = ThreadStates.of(code);
        if (state == null) {
            throw states.damage(at, "ContextSwitch.prevState: " + code + " is not a thread state (0.."
                    + ThreadStates.LAST + ")");
        }
        return state;
    }

    /*
     * The user and kernel frames of a sample, switch or wake-up, each from its own column. The field names are
     * constants: building them per event cost more than decoding the stack ids.
     */
    private long[] userFrames(String field) throws CaptureFormatException {
        return dictionary.frames(dictionary.stack(column(EventsEncoder.Column.USER_STACKS), field));
    }

    private long[] kernelFrames(String field) throws CaptureFormatException {
        return dictionary.frames(dictionary.stack(column(EventsEncoder.Column.KERNEL_STACKS), field));
    }

    private ByteSource column(EventsEncoder.Column column) {
        return columns[column.ordinal()];
    }
}
