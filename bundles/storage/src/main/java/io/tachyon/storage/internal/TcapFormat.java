package io.tachyon.storage.internal;

/** The constants of the .tcap format; docs/capture-format.md is the specification they implement. */
final class TcapFormat {

    static final byte[] MAGIC = {'T', 'C', 'A', 'P'};
    static final int MAJOR_VERSION = 2;
    /** The highest minor version this reader knows. */
    static final int MINOR_VERSION = 2;
    /** The minor version of a file without HEALTH or LINES chunks: what a 2.0 reader reads in full. */
    static final int BASE_MINOR_VERSION = 0;
    /** The minor version that added HEALTH chunks; a writer sets it once it writes the first. */
    static final int HEALTH_MINOR_VERSION = 1;
    /** The minor version that added LINES chunks; a writer sets it once it writes the first. */
    static final int LINES_MINOR_VERSION = 2;
    /** Where the minor version lies in the file header. */
    static final int MINOR_VERSION_OFFSET = 6;
    /** magic, u16 major, u16 minor, u32 reserved. */
    static final int FILE_HEADER_BYTES = 12;
    /** u32 type, u32 payload length, u32 CRC-32C of type, length and payload. */
    static final int CHUNK_HEADER_BYTES = 12;

    static final int CHUNK_METADATA = 1;
    static final int CHUNK_EVENTS = 2;
    static final int CHUNK_END = 3;
    static final int CHUNK_DICTIONARY = 4;
    static final int CHUNK_INDEX = 5;
    static final int CHUNK_SYMBOLS = 6;
    static final int CHUNK_HEALTH = 7;
    static final int CHUNK_LINES = 8;
    /** The highest chunk type this version knows. */
    static final int CHUNK_LAST = CHUNK_LINES;

    /** END payload: u64 event count, u64 sample count, u64 offset of the INDEX chunk. */
    static final int END_PAYLOAD_BYTES = 24;
    static final int END_CHUNK_BYTES = CHUNK_HEADER_BYTES + END_PAYLOAD_BYTES;

    /** The largest decompressed payload a reader accepts; writers stay far below. */
    static final int MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

    static final int CODEC_NONE = 0;
    static final int CODEC_ZSTD = 1;

    /** DICTIONARY flag: this chunk starts a new dictionary; the entries before it are forgotten. */
    static final int DICTIONARY_RESET = 1;
    /** EVENTS summary flag: the chunk holds events of every thread, or more threads than it lists. */
    static final int SUMMARY_ALL_THREADS = 1;
    /** An EVENTS summary lists at most this many threads; a chunk with more is marked all-threads. */
    static final int SUMMARY_MAX_THREADS = 1024;

    static final int TAG_THREAD_START = 1;
    static final int TAG_THREAD_EXIT = 2;
    static final int TAG_THREAD_NAME = 3;
    static final int TAG_MODULE_MAPPING = 4;
    static final int TAG_SAMPLE = 5;
    static final int TAG_LOST_RECORDS = 6;
    static final int TAG_THROTTLE = 7;
    static final int TAG_CONTEXT_SWITCH = 8;
    static final int TAG_WAKEUP = 9;
    /** The highest event tag this version knows. */
    static final int TAG_LAST = TAG_WAKEUP;

    private TcapFormat() {
    }

    static String chunkTypeName(int type) {
        return switch (type) {
            case CHUNK_METADATA -> "METADATA";
            case CHUNK_EVENTS -> "EVENTS";
            case CHUNK_END -> "END";
            case CHUNK_DICTIONARY -> "DICTIONARY";
            case CHUNK_INDEX -> "INDEX";
            case CHUNK_SYMBOLS -> "SYMBOLS";
            case CHUNK_HEALTH -> "HEALTH";
            case CHUNK_LINES -> "LINES";
            default -> String.format("unknown type 0x%08x", type);
        };
    }

    static boolean isKnown(int type) {
        return type >= CHUNK_METADATA && type <= CHUNK_LAST;
    }
}
