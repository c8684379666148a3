package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrimitivesTest {

    private static final Path FILE = Path.of("/captures/x.tcap");

    @Test
    void everyLongRoundTripsAsUnsignedAndSignedVarint() throws Exception {
        List<Long> values = List.of(0L, 1L, -1L, 127L, 128L, -64L, -65L, Long.MAX_VALUE, Long.MIN_VALUE,
                0xffffffff81000000L, 1L << 62, Integer.MAX_VALUE + 1L);
        ByteSink sink = new ByteSink(4);
        for (long value : values) {
            sink.uvar(value);
            sink.svar(value);
        }
        ByteSource source = source(sink.toByteArray(), 100);
        for (long value : values) {
            assertThat(source.uvar("u")).isEqualTo(value);
            assertThat(source.svar("s")).isEqualTo(value);
        }
        source.expectEnd("test");
    }

    @Test
    void theDocumentedEncodingsAreByteExact() {
        ByteSink sink = new ByteSink(4);
        sink.svar(1000);
        sink.svar(0xffffffff81000000L);
        sink.uvar(Long.MIN_VALUE);
        assertThat(sink.toByteArray()).containsExactly(0xd0, 0x0f, 0xff, 0xff, 0xff, 0xef, 0x0f,
                0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01);
    }

    @Test
    void aVarintOfMoreThan64BitsIsDamageAtItsFirstByte() {
        byte[] bytes = {0x00, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
            (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x02};
        ByteSource source = source(bytes, 500);
        assertThatThrownBy(() -> {
            source.u8("first");
            source.uvar("field");
        }).isInstanceOfSatisfying(CaptureFormatException.class, e -> {
            assertThat(e.offset()).isEqualTo(501);
            assertThat(e.getMessage()).contains("field: malformed varint, more than 64 bits");
        });
    }

    @Test
    void countsAndLengthsBeyondTheBytesLeftAreDamage() {
        ByteSink sink = new ByteSink(4);
        sink.uvar(4);
        sink.bytes(new byte[] {1, 2, 3}, 0, 3);
        assertThatThrownBy(() -> source(sink.toByteArray(), 0).count("frame count", 1))
                .hasMessageContaining("frame count 4 exceeds what the 3 bytes left can hold");
        assertThatThrownBy(() -> source(sink.toByteArray(), 0).count("stack count", 2))
                .hasMessageContaining("stack count 4 exceeds");
        assertThatThrownBy(() -> source(new byte[] {(byte) 0x85, 0x00}, 0).string("name"))
                .hasMessageContaining("name length 5 exceeds what the 0 bytes left can hold");
    }

    @Test
    void badBooleansInvalidUtf8AndOutOfRangeIntsAreDamage() {
        assertThatThrownBy(() -> source(new byte[] {2}, 7).bool("exec"))
                .isInstanceOfSatisfying(CaptureFormatException.class, e -> assertThat(e.offset()).isEqualTo(7))
                .hasMessageContaining("exec: expected a byte 0 or 1, found 2");
        assertThatThrownBy(() -> source(new byte[] {2, (byte) 0xC3, 0x28}, 0).string("name"))
                .hasMessageContaining("name is not valid UTF-8");
        ByteSink big = new ByteSink(4);
        big.svar(1L << 40);
        assertThatThrownBy(() -> source(big.toByteArray(), 0).s32("pid"))
                .hasMessageContaining("pid: expected a 32-bit value, found 1099511627776");
    }

    @Test
    void decompressedDataIsNamedByItsChunkAndPosition() {
        ByteSource decompressed = new ByteSource(new ByteSource.Origin(FILE, 4096, -1, "EVENTS chunk at offset 4096"),
                new byte[] {0x01, (byte) 0x80}, 0, 2);
        assertThatThrownBy(() -> decompressed.block("column kinds").uvar("kind"))
                .isInstanceOfSatisfying(CaptureFormatException.class, e -> {
                    assertThat(e.offset()).isEqualTo(4096);
                    assertThat(e.getMessage()).isEqualTo("/captures/x.tcap at offset 4096: EVENTS chunk at offset 4096, "
                            + "column kinds, byte 1 of the decompressed data: kind: varint runs past the end of the data");
                });
    }

    private static ByteSource source(byte[] bytes, long fileOffset) {
        return new ByteSource(new ByteSource.Origin(FILE, 0, fileOffset, "test"), bytes, 0, bytes.length);
    }
}
