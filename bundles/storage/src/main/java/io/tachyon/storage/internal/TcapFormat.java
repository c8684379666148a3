package io.tachyon.storage.internal;

/** The constants of the .tcap format; docs/capture-format.md is the specification they implement. */
final class TcapFormat {

    static final byte[] MAGIC = {'T', 'C', 'A', 'P'};
    static final int MAJOR_VERSION = 1;
    static final int MINOR_VERSION = 0;
    /** magic, u16 major, u16 minor, u32 reserved. */
    static final int FILE_HEADER_BYTES = 12;
    /** u32 type, u32 payload length, u32 CRC-32C of the payload. */
    static final int CHUNK_HEADER_BYTES = 12;

    static final int CHUNK_METADATA = 1;
    static final int CHUNK_EVENTS = 2;
    static final int CHUNK_END = 3;

    /** END payload: u64 event count, u64 sample count; later minor versions may append fields. */
    static final int END_PAYLOAD_BYTES = 16;

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
            default -> String.format("unknown type 0x%08x", type);
        };
    }
}
