package io.tachyon.perf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.ThreadExit;
import io.tachyon.api.event.ThreadName;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

class RingBufferTest {

    private static final int DATA_SIZE = 256;

    private final ByteBuffer header = ByteBuffer.allocateDirect(4096).order(ByteOrder.nativeOrder());
    private final ByteBuffer data = ByteBuffer.allocateDirect(DATA_SIZE).order(ByteOrder.nativeOrder());
    private final RingBuffer ring = new RingBuffer(0, header, data);
    private final PerfRecordDecoder decoder = PerfRecordDecoderTest.cpuClockDecoder(false);
    private final List<CaptureEvent> events = new ArrayList<>();
    private long head;

    /** Writes a record at the kernel's head, wrapping around the data area, and publishes it. */
    private void kernelWrites(byte[] record) {
        for (int i = 0; i < record.length; i++) {
            data.put((int) ((head + i) % DATA_SIZE), record[i]);
        }
        head += record.length;
        header.putLong(RingBuffer.DATA_HEAD_OFFSET, head);
    }

    /** Takes what the kernel wrote and decodes it, as the session does; returns the records decoded. */
    private int drain() {
        ByteBuffer records = ring.take();
        int count = 0;
        for (int offset = 0; offset < records.limit(); count++) {
            offset += decoder.decode(records, offset, events::add);
        }
        return count;
    }

    private static byte[] exit(int tid, long time) {
        return new RecordWriter(PerfRecordDecoder.RECORD_EXIT, 0).u32(1).u32(1).u32(tid).u32(1).u64(time)
                .sampleId(1, tid, time, 0).build();
    }

    private static byte[] comm(int tid, String name, long time) {
        return new RecordWriter(PerfRecordDecoder.RECORD_COMM, 0).u32(1).u32(tid).string(name)
                .sampleId(1, tid, time, 0).build();
    }

    @Test
    void readsRecordsUpToTheHeadAndHandsTheirSpaceBack() {
        kernelWrites(exit(2, 10));
        kernelWrites(exit(3, 11));

        assertThat(drain()).isEqualTo(2);
        assertThat(events).containsExactly(new ThreadExit(10, 1, 2), new ThreadExit(11, 1, 3));
        assertThat(header.getLong(RingBuffer.DATA_TAIL_OFFSET)).isEqualTo(head);
        assertThat(drain()).isZero();
    }

    @Test
    void joinsTheRecordThatWrapsAroundTheEnd() {
        kernelWrites(exit(2, 10));
        kernelWrites(exit(3, 11));
        kernelWrites(exit(4, 11));
        drain();
        // 192 bytes used: the next 72-byte record starts at offset 192 and wraps after 64 bytes.
        kernelWrites(comm(4, "wrapping-thread-name", 12));
        kernelWrites(exit(4, 13));

        assertThat(drain()).isEqualTo(2);
        assertThat(events).endsWith(new ThreadName(12, 1, 4, "wrapping-thread-name", false), new ThreadExit(13, 1, 4));
        assertThat(ring.lastFill()).isEqualTo((72 + 64) / (double) DATA_SIZE);
        assertThat(header.getLong(RingBuffer.DATA_TAIL_OFFSET)).isEqualTo(head).isGreaterThan(DATA_SIZE);
    }

    @Test
    void keepsReadingAcrossManyLapsOfTheBuffer() {
        for (int lap = 0; lap < 50; lap++) {
            kernelWrites(exit(lap, lap));
            kernelWrites(comm(lap, "t" + lap, lap));
            drain();
        }

        assertThat(events).hasSize(100);
        assertThat(events.get(99)).isEqualTo(new ThreadName(49, 1, 49, "t49", false));
    }

    @Test
    void refusesAHeadFurtherAheadThanTheBufferIsLarge() {
        header.putLong(RingBuffer.DATA_HEAD_OFFSET, DATA_SIZE + 8);

        assertThatThrownBy(ring::take).isInstanceOf(IllegalStateException.class)
                .hasMessage("ring buffer of cpu 0: head 264 and tail 0 are 264 bytes apart, outside its size 256");
    }

    @Test
    void aRecordLongerThanWhatWasWrittenIsNamedWhenDecoded() {
        kernelWrites(exit(2, 10));
        data.putShort(6, (short) 200);

        assertThatThrownBy(this::drain).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("perf record of type 4 at offset 0 has size 200, beyond the 64 bytes available");
    }

    @Test
    void insistsOnAPowerOfTwoDataArea() {
        assertThatThrownBy(() -> new RingBuffer(1, header, ByteBuffer.allocateDirect(96)))
                .hasMessage("ring buffer data size 96 is not a power of two");
    }
}
