package io.tachyon.unwind.internal;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ObjIntConsumer;

/**
 * The {@code .eh_frame} section: CIEs and FDEs as the LSB "Exception Frames" chapter and DWARF 4 section 6.4.1
 * define them. Entries are parsed on demand at their offsets; CIEs, shared by many FDEs, are kept once parsed.
 */
final class EhFrame {

    /** A parsed CIE: the factors and encodings its FDEs need, and where its initial instructions are. */
    record Cie(long codeAlignment, long dataAlignment, int returnAddressRegister, int fdeEncoding,
            boolean hasAugmentationData, boolean signalFrame, int instructionsStart, int instructionsEnd) {
    }

    /** A parsed FDE: the code range it covers and where its instructions are. */
    record Fde(long pcBegin, long pcEnd, Cie cie, int instructionsStart, int instructionsEnd) {
        boolean covers(long address) {
            return Long.compareUnsigned(address, pcBegin) >= 0 && Long.compareUnsigned(address, pcEnd) < 0;
        }
    }

    private final String name;
    private final ByteBuffer bytes;
    private final long address;
    private final Map<Integer, Cie> cies = new ConcurrentHashMap<>();

    /**
     * @param name    for error messages ({@code <file> .eh_frame})
     * @param bytes   the section
     * @param address its virtual address
     */
    EhFrame(String name, ByteBuffer bytes, long address) {
        this.name = name;
        this.bytes = bytes;
        this.address = address;
    }

    SectionReader reader() {
        return new SectionReader(name, bytes, address);
    }

    long address() {
        return address;
    }

    int size() {
        return bytes.limit();
    }

    /**
     * The FDE at {@code offset}.
     *
     * @throws UnwindFormatException when there is no well-formed FDE there
     */
    Fde fdeAt(int offset) {
        SectionReader reader = reader();
        reader.seek(offset);
        Entry entry = entryHeader(reader);
        if (entry == null || entry.isCie) {
            throw new UnwindFormatException(name, offset, "an FDE, found " + (entry == null ? "the terminator" : "a CIE"));
        }
        return fde(reader, entry);
    }

    /** Visits every FDE of the section in order; stops at the zero terminator or the section's end. */
    void forEachFde(ObjIntConsumer<Fde> visitor) {
        SectionReader reader = reader();
        while (reader.position() < reader.size()) {
            int start = reader.position();
            Entry entry = entryHeader(reader);
            if (entry == null) {
                return;
            }
            if (!entry.isCie) {
                Fde fde = parsedOrNull(reader, entry);
                if (fde != null) {
                    visitor.accept(fde, start);
                }
            }
            reader.seek(entry.end);
        }
    }

    /** Length and id of the entry at the reader's position; null at a zero terminator. */
    private Entry entryHeader(SectionReader reader) {
        int start = reader.position();
        long length = reader.u32();
        if (length == 0) {
            return null;
        }
        boolean extended = length == 0xffffffffL;
        if (extended) {
            length = reader.u64();
        }
        int idPosition = reader.position();
        if (length < 4 || Long.compareUnsigned(length, reader.size() - idPosition) > 0) {
            throw new UnwindFormatException(name, start, "an entry length that fits the "
                    + reader.size() + "-byte section, found " + Long.toUnsignedString(length));
        }
        int end = idPosition + (int) length;
        long id = extended ? reader.u64() : reader.u32();
        return new Entry(start, end, idPosition, id == 0, id);
    }

    private record Entry(int start, int end, int idPosition, boolean isCie, long id) {
    }

    /** An FDE whose own fields are bad is left out of a scan; the entries around it are still good. */
    private Fde parsedOrNull(SectionReader reader, Entry entry) {
        try {
            return fde(reader, entry);
        } catch (UnwindFormatException e) {
            return null;
        }
    }

    /** The personality routine's pointer only matters to exception handling; it is stepped over. */
    private static void skipPersonality(SectionReader reader) {
        int encoding = reader.u8();
        if ((encoding & 0x70) == PointerEncoding.ALIGNED) {
            reader.seek((reader.position() + 7) & ~7);
        }
        PointerEncoding.readValue(reader, encoding & 0x0f, reader.position());
    }

    private Fde fde(SectionReader reader, Entry entry) {
        long cieOffset = entry.idPosition - entry.id;
        if (cieOffset < 0 || cieOffset >= entry.start) {
            throw new UnwindFormatException(name, entry.idPosition,
                    "a CIE pointer to an earlier entry, found " + Long.toUnsignedString(entry.id));
        }
        Cie cie = cieAt((int) cieOffset);
        long pcBegin = PointerEncoding.read(reader, cie.fdeEncoding(), 0, 0);
        long pcRange = PointerEncoding.readValue(reader, cie.fdeEncoding() & 0x0f, reader.position());
        if (cie.hasAugmentationData()) {
            reader.skip(reader.uleb128());
        }
        if (reader.position() > entry.end) {
            throw new UnwindFormatException(name, entry.start, "an FDE whose fields fit its length");
        }
        return new Fde(pcBegin, pcBegin + pcRange, cie, reader.position(), entry.end);
    }

    Cie cieAt(int offset) {
        Cie cached = cies.get(offset);
        if (cached != null) {
            return cached;
        }
        Cie cie = parseCie(offset);
        cies.put(offset, cie);
        return cie;
    }

    private Cie parseCie(int offset) {
        SectionReader reader = reader();
        reader.seek(offset);
        Entry entry = entryHeader(reader);
        if (entry == null || !entry.isCie) {
            throw new UnwindFormatException(name, offset, "a CIE where an FDE points");
        }
        int version = reader.u8();
        if (version != 1 && version != 3 && version != 4) {
            throw new UnwindFormatException(name, offset, "CIE version 1, 3 or 4, found " + version);
        }
        String augmentation = reader.cString();
        if (version == 4) {
            int addressSize = reader.u8();
            reader.u8();
            if (addressSize != 8) {
                throw new UnwindFormatException(name, offset, "an 8-byte address size, found " + addressSize);
            }
        }
        long codeAlignment = reader.uleb128();
        long dataAlignment = reader.sleb128();
        int returnAddressRegister = version == 1 ? reader.u8() : reader.ulebInt("return address register");
        int fdeEncoding = PointerEncoding.ABSPTR;
        boolean signalFrame = false;
        boolean hasData = !augmentation.isEmpty() && augmentation.charAt(0) == 'z';
        int instructionsStart;
        if (hasData) {
            int dataLength = reader.ulebInt("augmentation data length");
            int dataEnd = reader.position() + dataLength;
            for (int i = 1; i < augmentation.length(); i++) {
                switch (augmentation.charAt(i)) {
                    case 'R' -> fdeEncoding = reader.u8();
                    case 'P' -> skipPersonality(reader);
                    case 'L' -> reader.u8();
                    case 'S' -> signalFrame = true;
                    default -> i = augmentation.length();
                }
            }
            if (reader.position() > dataEnd) {
                throw new UnwindFormatException(name, offset, "augmentation data of " + dataLength
                        + " bytes for \"" + augmentation + "\"");
            }
            instructionsStart = dataEnd;
        } else if (augmentation.isEmpty()) {
            instructionsStart = reader.position();
        } else {
            throw new UnwindFormatException(name, offset,
                    "a CIE augmentation that starts with 'z' or is empty, found \"" + augmentation + "\"");
        }
        if (instructionsStart > entry.end) {
            throw new UnwindFormatException(name, offset, "a CIE whose fields fit its length");
        }
        return new Cie(codeAlignment, dataAlignment, returnAddressRegister, fdeEncoding, hasData, signalFrame,
                instructionsStart, entry.end);
    }
}
