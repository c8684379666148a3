package io.tachyon.export.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The byte examples of https://protobuf.dev/programming-guides/encoding/. */
class ProtoWriterTest {

    @Test
    void writesVarintsStringsPackedFieldsAndNestedMessages() throws IOException {
        assertThat(bytes(new ProtoWriter().varint(1, 150))).containsExactly(0x08, 0x96, 0x01);
        assertThat(bytes(new ProtoWriter().string(2, "testing")))
                .containsExactly(0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67);
        assertThat(bytes(new ProtoWriter().packed(4, new long[] {3, 270, 86942})))
                .containsExactly(0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05);
        assertThat(bytes(new ProtoWriter().message(3, new ProtoWriter().varint(1, 150))))
                .containsExactly(0x1a, 0x03, 0x08, 0x96, 0x01);
    }

    @Test
    void negativeNumbersTakeTenBytesAndDefaultsAreLeftOut() throws IOException {
        assertThat(bytes(new ProtoWriter().varint(1, -1))).hasSize(11);
        assertThat(bytes(new ProtoWriter().optionalVarint(1, 0).bool(2, false).packed(3, new long[0]))).isEmpty();
    }

    private static int[] bytes(ProtoWriter writer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeTo(out);
        return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1).chars().toArray();
    }
}
