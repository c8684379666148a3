package io.tachyon.storage.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The chunks of an intact capture file, parsed the way docs/capture-format.md describes them, so that
 * tests can cut and damage files at known places.
 */
record ChunkLayout(byte[] bytes, List<Chunk> chunks) {

    /** @param eventsBefore events in the EVENTS chunks before this chunk */
    record Chunk(long offset, int type, int length, long eventsBefore) {
        long payloadOffset() {
            return offset + 12;
        }

        long end() {
            return payloadOffset() + length;
        }
    }

    static ChunkLayout of(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<Chunk> chunks = new ArrayList<>();
        int offset = 12;
        long events = 0;
        while (offset < bytes.length) {
            int type = buffer.getInt(offset);
            int length = buffer.getInt(offset + 4);
            chunks.add(new Chunk(offset, type, length, events));
            if (type == TcapFormat.CHUNK_EVENTS) {
                ByteSource payload = new ByteSource(new ByteSource.Origin(file, offset, offset + 12, "test"), bytes,
                        offset + 12, offset + 12 + length);
                events += ChunkSummary.read(payload).events();
            }
            offset += 12 + length;
        }
        return new ChunkLayout(bytes, chunks);
    }

    List<Chunk> ofType(int type) {
        return chunks.stream().filter(c -> c.type() == type).toList();
    }

    Chunk last() {
        return chunks.get(chunks.size() - 1);
    }

    /** Everything before the INDEX: the file a killed recorder would have left after its last flush. */
    byte[] withoutIndexAndEnd() {
        return Arrays.copyOf(bytes, (int) ofType(TcapFormat.CHUNK_INDEX).get(0).offset());
    }

    static byte[] chunk(int type, byte[] payload) {
        return ByteBuffer.allocate(12 + payload.length).order(ByteOrder.LITTLE_ENDIAN).putInt(type)
                .putInt(payload.length).putInt(ChunkIo.crc(type, payload.length, payload, 0, payload.length))
                .put(payload).array();
    }

    static byte[] fileHeader(int major, int minor) {
        return ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).put(new byte[] {'T', 'C', 'A', 'P'})
                .putShort((short) major).putShort((short) minor).putInt(0).array();
    }

    static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        ByteBuffer all = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }
}
