package io.tachyon.perf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadExit;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class TimeOrderedEventsTest {

    private static final long MS = 1_000_000;

    private final List<CaptureEvent> delivered = new ArrayList<>();
    private final TimeOrderedEvents ordered = new TimeOrderedEvents(delivered::add);

    @Test
    void aMappingReadFromALaterBufferStillPrecedesTheSampleItNames() {
        Sample sampleOnCpu0 = sample(20 * MS, 0);
        ModuleMapping mappingOnCpu1 = new ModuleMapping(10 * MS, 7, 7, 0x1000, 0x1000, 0, "/bin/app", null);
        ordered.add(sampleOnCpu0);
        ordered.add(mappingOnCpu1);

        ordered.releaseBefore(100 * MS);

        assertThat(delivered).containsExactly(mappingOnCpu1, sampleOnCpu0);
    }

    @Test
    void eventsNewerThanTheWatermarkWaitForTheNextRead() {
        Sample old = sample(10 * MS, 0);
        Sample recent = sample(99 * MS, 1);
        ordered.add(recent);
        ordered.add(old);

        ordered.releaseBefore(100 * MS);
        assertThat(delivered).containsExactly(old);

        Sample fromTheNextRead = sample(98 * MS, 0);
        ordered.add(fromTheNextRead);
        ordered.releaseBefore(200 * MS);
        assertThat(delivered).containsExactly(old, fromTheNextRead, recent);
    }

    @Test
    void equalTimesKeepTheOrderTheirBufferGaveThem() {
        ThreadExit first = new ThreadExit(5 * MS, 7, 8);
        Sample second = sample(5 * MS, 0);
        ordered.add(first);
        ordered.add(second);

        ordered.releaseAll();

        assertThat(delivered).containsExactly(first, second);
    }

    @Test
    void releaseAllDeliversEverythingLeft() {
        Sample late = sample(500 * MS, 1);
        ordered.add(late);
        ordered.releaseBefore(400 * MS);
        assertThat(delivered).isEmpty();

        ordered.releaseAll();
        assertThat(delivered).containsExactly(late);
    }

    private static Sample sample(long time, int cpu) {
        return new Sample(time, cpu, 7, 7, 250_000, new long[0], new long[] {0x1010});
    }
}
