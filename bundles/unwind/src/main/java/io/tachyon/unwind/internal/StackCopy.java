package io.tachyon.unwind.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The copy of the user stack in a sample: the only memory of the thread the unwinder can read. */
final class StackCopy {

    private final ByteBuffer bytes;
    private final long start;

    StackCopy(ByteBuffer bytes, long start) {
        this.bytes = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.start = start;
    }

    /** Whether the eight bytes at {@code address} are in the copy. */
    boolean holds(long address) {
        return holds(address, 8);
    }

    /** The eight bytes at {@code address}; only valid when {@link #holds} says so. */
    long read(long address) {
        return bytes.getLong((int) (address - start));
    }

    /** Whether the {@code size} bytes at {@code address} are in the copy (unsigned: addresses may wrap). */
    boolean holds(long address, int size) {
        long room = bytes.limit() - (long) size;
        return room >= 0 && Long.compareUnsigned(address, start) >= 0
                && Long.compareUnsigned(address - start, room) <= 0;
    }

    /** The {@code size} bytes (1, 2, 4 or 8) at {@code address}, zero-extended; only valid when held. */
    long read(long address, int size) {
        int at = (int) (address - start);
        return switch (size) {
            case 1 -> Byte.toUnsignedLong(bytes.get(at));
            case 2 -> Short.toUnsignedLong(bytes.getShort(at));
            case 4 -> Integer.toUnsignedLong(bytes.getInt(at));
            default -> bytes.getLong(at);
        };
    }
}
