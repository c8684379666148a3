package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;

import java.util.ArrayList;
import java.util.List;

import static io.tachyon.storage.internal.TcapFormat.CHUNK_DICTIONARY;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_EVENTS;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_HEADER_BYTES;

/**
 * One chunk as the index lists it (or a scan found it).
 *
 * @param length  payload bytes
 * @param summary for EVENTS chunks, what they hold; otherwise null
 * @param reset   for DICTIONARY chunks, whether they start a new dictionary
 */
record ChunkEntry(int type, long offset, long length, ChunkSummary summary, boolean reset) {

    long end() {
        return offset + CHUNK_HEADER_BYTES + length;
    }

    /**
     * The decompressed INDEX payload: every chunk between METADATA (which ends at {@code firstOffset}) and the
     * INDEX itself, in file order.
     */
    static void writeIndex(List<ChunkEntry> entries, long firstOffset, ByteSink out) {
        out.uvar(entries.size());
        long previousEnd = firstOffset;
        for (ChunkEntry entry : entries) {
            out.uvar(Integer.toUnsignedLong(entry.type()));
            out.uvar(entry.offset() - previousEnd);
            out.uvar(entry.length());
            if (entry.type() == CHUNK_EVENTS) {
                entry.summary().write(out);
            } else if (entry.type() == CHUNK_DICTIONARY) {
                out.bool(entry.reset());
            }
            previousEnd = entry.end();
        }
    }

    /**
     * Reads an INDEX payload, checking that its chunks follow each other from {@code firstOffset} and end
     * before {@code indexOffset}.
     */
    static List<ChunkEntry> readIndex(ByteSource in, long firstOffset, long indexOffset) throws CaptureFormatException {
        // An entry takes at least 3 bytes: type, gap, length.
        int count = in.count("index entry count", 3);
        List<ChunkEntry> entries = new ArrayList<>(count);
        long previousEnd = firstOffset;
        for (int i = 0; i < count; i++) {
            int at = in.position();
            long type = in.uvar("chunk type");
            long offset = previousEnd + in.uvar("chunk gap");
            long length = in.uvar("chunk length");
            long end = offset + CHUNK_HEADER_BYTES + length;
            if (type != (int) type || offset < previousEnd || length < 0 || end < offset || end > indexOffset) {
                throw in.damage(at, "entry " + i + " (a chunk of " + Long.toUnsignedString(length) + " bytes at offset "
                        + offset + ") does not lie between the previous chunk's end " + previousEnd
                        + " and the INDEX at " + indexOffset);
            }
            ChunkSummary summary = null;
            boolean reset = false;
            if (type == CHUNK_EVENTS) {
                summary = ChunkSummary.read(in);
            } else if (type == CHUNK_DICTIONARY) {
                reset = in.bool("dictionary reset");
            }
            entries.add(new ChunkEntry((int) type, offset, length, summary, reset));
            previousEnd = end;
        }
        in.expectEnd("INDEX payload");
        return entries;
    }
}
