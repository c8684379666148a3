package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    private static final Path FILE = Path.of("chunk.tcap");
    private static final long PAYLOAD_OFFSET = 1000;

    @Test
    void randomStreamsRoundTripThroughOneChunk() throws Exception {
        for (long seed = 0; seed < 200; seed++) {
            List<CaptureEvent> events = RandomEvents.stream(seed, 300);
            EventEncoder encoder = new EventEncoder(64);
            events.forEach(encoder::encode);
            assertThat(encoder.eventCount()).isEqualTo(events.size());

            assertThat(decode(encoder.takeChunk())).as("seed %d", seed).containsExactlyElementsOf(events);
        }
    }

    @Test
    void everyChunkStartsWithAnAbsoluteTime() throws Exception {
        EventEncoder encoder = new EventEncoder(64);
        encoder.encode(new ThreadName(5_000, 1, 1, "first", false));
        encoder.takeChunk();
        encoder.encode(new ThreadName(7_000, 1, 1, "second", false));

        assertThat(decode(encoder.takeChunk())).containsExactly(new ThreadName(7_000, 1, 1, "second", false));
    }

    @Test
    void encodesTheExampleOfTheFormatDocumentByteForByte() throws Exception {
        Sample sample = new Sample(1000, 2, 77, 78, 250_000, new long[] {0xffffffff81000000L, 0xffffffff81000040L},
                new long[0]);
        EventEncoder encoder = new EventEncoder(64);
        encoder.encode(sample);
        byte[] payload = encoder.takeChunk();

        // docs/capture-format.md, "EVENTS payload"
        assertThat(HexFormat.ofDelimiter(" ").formatHex(payload))
                .isEqualTo("05 d0 0f 04 9a 01 9c 01 a0 c2 1e 02 ff ff ff ef 0f 80 01 00");
        assertThat(decode(payload)).containsExactly(sample);
    }

    @Test
    void unknownTagIsDamageAtItsOffset() {
        EventEncoder encoder = new EventEncoder(64);
        encoder.encode(new ThreadName(1, 2, 3, "ok", false));
        int validBytes = encoder.size();
        byte[] payload = ChunkLayout.concat(encoder.takeChunk(), new byte[] {0x63});

        assertThatThrownBy(() -> decode(payload)).isInstanceOfSatisfying(CaptureFormatException.class, e -> {
            assertThat(e.offset()).isEqualTo(PAYLOAD_OFFSET + validBytes);
            assertThat(e.getMessage()).contains("unknown event tag 0x63").contains("chunk.tcap");
        });
    }

    @Test
    void varintLongerThan64BitsIsDamage() {
        byte[] payload = {TcapFormat.TAG_SAMPLE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x02};

        assertThatThrownBy(() -> decode(payload)).isInstanceOfSatisfying(CaptureFormatException.class, e -> {
            assertThat(e.offset()).isEqualTo(PAYLOAD_OFFSET + 1);
            assertThat(e.getMessage()).contains("Sample.time").contains("more than 64 bits");
        });
    }

    @Test
    void varintRunningPastTheChunkIsDamage() {
        byte[] payload = {TcapFormat.TAG_THREAD_EXIT, 0x02, 0x04, (byte) 0x80};

        assertThatThrownBy(() -> decode(payload)).isInstanceOfSatisfying(CaptureFormatException.class, e -> {
            assertThat(e.offset()).isEqualTo(PAYLOAD_OFFSET + 3);
            assertThat(e.getMessage()).contains("ThreadExit.tid").contains("past the end of the chunk");
        });
    }

    @Test
    void absurdFrameCountIsDamageNotAnAllocation() {
        // time, cpu, pid, tid, period = 0, then a frame count of 2^63-1
        byte[] payload = {TcapFormat.TAG_SAMPLE, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};

        assertThatThrownBy(() -> decode(payload)).isInstanceOfSatisfying(CaptureFormatException.class, e -> {
            assertThat(e.offset()).isEqualTo(PAYLOAD_OFFSET + 6);
            assertThat(e.getMessage()).contains("Sample.kernelFrames count 9223372036854775807 exceeds");
        });
    }

    @Test
    void absurdStringLengthIsDamage() {
        byte[] payload = {TcapFormat.TAG_THREAD_NAME, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};

        assertThatThrownBy(() -> decode(payload)).isInstanceOfSatisfying(CaptureFormatException.class, e -> {
            assertThat(e.offset()).isEqualTo(PAYLOAD_OFFSET + 5);
            assertThat(e.getMessage()).contains("ThreadName.name length");
        });
    }

    @Test
    void invalidUtf8AndInvalidBooleansAreDamage() {
        byte[] badUtf8 = {TcapFormat.TAG_THREAD_NAME, 0, 0, 0, 0, 2, (byte) 0xC3, 0x28};
        assertThatThrownBy(() -> decode(badUtf8)).isInstanceOfSatisfying(CaptureFormatException.class,
                e -> assertThat(e.getMessage()).contains("ThreadName.name is not valid UTF-8"));

        byte[] badBoolean = {TcapFormat.TAG_THROTTLE, 0, 0, 7};
        assertThatThrownBy(() -> decode(badBoolean)).isInstanceOfSatisfying(CaptureFormatException.class, e -> {
            assertThat(e.offset()).isEqualTo(PAYLOAD_OFFSET + 3);
            assertThat(e.getMessage()).contains("Throttle.throttled: expected a byte 0 or 1, found 7");
        });
    }

    @Test
    void anUnknownThreadStateIsDamageAtItsByte() {
        // ContextSwitch: time 0, cpu 0, prev 0/0, then state code 7, one past UNKNOWN
        byte[] badState = {TcapFormat.TAG_CONTEXT_SWITCH, 0, 0, 0, 0, 7, 0, 0, 0, 0};

        assertThatThrownBy(() -> decode(badState)).isInstanceOfSatisfying(CaptureFormatException.class, e -> {
            assertThat(e.offset()).isEqualTo(PAYLOAD_OFFSET + 5);
            assertThat(e.getMessage()).contains("ContextSwitch.prevState: 7 is not a thread state (0..6)");
        });
    }

    @Test
    void int32FieldOutOfRangeIsDamage() {
        // ThreadExit with time 0 and a pid of zigzag varint 0x1fffffffe = 4294967295
        byte[] exitWithHugePid = {TcapFormat.TAG_THREAD_EXIT, 0, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0x1F, 0};

        assertThatThrownBy(() -> decode(exitWithHugePid)).isInstanceOfSatisfying(CaptureFormatException.class, e -> {
            assertThat(e.offset()).isEqualTo(PAYLOAD_OFFSET + 2);
            assertThat(e.getMessage()).contains("ThreadExit.pid: expected a 32-bit value");
        });
    }

    private static List<CaptureEvent> decode(byte[] payload) throws CaptureFormatException {
        List<CaptureEvent> events = new ArrayList<>();
        new EventDecoder(FILE, PAYLOAD_OFFSET, payload, payload.length).decodeAll(events::add);
        return events;
    }
}
