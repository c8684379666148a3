package io.tachyon.unwind.internal;

/**
 * Runs the CFA programs of a CIE and an FDE (DWARF 4 section 6.4.2) up to an address and leaves the row that
 * holds there. One interpreter is used by one thread at a time; it reuses its rows.
 */
final class CfiInterpreter {

    private static final int MAX_REMEMBERED_STATES = 32;
    /** The highest unsigned address: a CIE's initial instructions run to their end. */
    private static final long NEVER = -1L;

    private static final int DW_CFA_ADVANCE_LOC = 0x40;
    private static final int DW_CFA_OFFSET = 0x80;
    private static final int DW_CFA_RESTORE = 0xc0;
    private static final int DW_CFA_NOP = 0x00;
    private static final int DW_CFA_SET_LOC = 0x01;
    private static final int DW_CFA_ADVANCE_LOC1 = 0x02;
    private static final int DW_CFA_ADVANCE_LOC2 = 0x03;
    private static final int DW_CFA_ADVANCE_LOC4 = 0x04;
    private static final int DW_CFA_OFFSET_EXTENDED = 0x05;
    private static final int DW_CFA_RESTORE_EXTENDED = 0x06;
    private static final int DW_CFA_UNDEFINED = 0x07;
    private static final int DW_CFA_SAME_VALUE = 0x08;
    private static final int DW_CFA_REGISTER = 0x09;
    private static final int DW_CFA_REMEMBER_STATE = 0x0a;
    private static final int DW_CFA_RESTORE_STATE = 0x0b;
    private static final int DW_CFA_DEF_CFA = 0x0c;
    private static final int DW_CFA_DEF_CFA_REGISTER = 0x0d;
    private static final int DW_CFA_DEF_CFA_OFFSET = 0x0e;
    private static final int DW_CFA_DEF_CFA_EXPRESSION = 0x0f;
    private static final int DW_CFA_EXPRESSION = 0x10;
    private static final int DW_CFA_OFFSET_EXTENDED_SF = 0x11;
    private static final int DW_CFA_DEF_CFA_SF = 0x12;
    private static final int DW_CFA_DEF_CFA_OFFSET_SF = 0x13;
    private static final int DW_CFA_VAL_OFFSET = 0x14;
    private static final int DW_CFA_VAL_OFFSET_SF = 0x15;
    private static final int DW_CFA_VAL_EXPRESSION = 0x16;
    private static final int DW_CFA_GNU_ARGS_SIZE = 0x2e;
    private static final int DW_CFA_GNU_NEGATIVE_OFFSET_EXTENDED = 0x2f;

    private final CfiRow row;
    private final CfiRow initial;
    private final CfiRow[] remembered;

    CfiInterpreter(int registers) {
        row = new CfiRow(registers);
        initial = new CfiRow(registers);
        remembered = new CfiRow[MAX_REMEMBERED_STATES];
        for (int i = 0; i < remembered.length; i++) {
            remembered[i] = new CfiRow(registers);
        }
    }

    /**
     * The row of {@code fde} that holds at {@code address} (which the FDE covers). The result is this
     * interpreter's own row, valid until the next call.
     *
     * @throws UnwindFormatException when a program is malformed or uses an instruction this interpreter does not
     *                               know
     */
    CfiRow rowAt(EhFrame ehFrame, EhFrame.Fde fde, long address) {
        EhFrame.Cie cie = fde.cie();
        row.clear();
        initial.clear();
        SectionReader reader = ehFrame.reader();
        run(reader, cie, cie.instructionsStart(), cie.instructionsEnd(), fde.pcBegin(), NEVER);
        initial.copyFrom(row);
        run(reader, cie, fde.instructionsStart(), fde.instructionsEnd(), fde.pcBegin(), address);
        return row;
    }

    private void run(SectionReader reader, EhFrame.Cie cie, int start, int end, long location, long target) {
        reader.seek(start);
        long loc = location;
        int saved = 0;
        while (reader.position() < end) {
            int at = reader.position();
            int opcode = reader.u8();
            int high = opcode & 0xc0;
            int low = opcode & 0x3f;
            long advance = -1;
            if (high == DW_CFA_ADVANCE_LOC) {
                advance = low * cie.codeAlignment();
            } else if (high == DW_CFA_OFFSET) {
                row.set(low, CfiRow.OFFSET, reader.uleb128() * cie.dataAlignment());
            } else if (high == DW_CFA_RESTORE) {
                restore(low);
            } else {
                switch (opcode) {
                    case DW_CFA_NOP -> {
                    }
                    case DW_CFA_SET_LOC -> {
                        long next = PointerEncoding.read(reader, cie.fdeEncoding(), 0, 0);
                        if (Long.compareUnsigned(next, loc) < 0) {
                            throw new UnwindFormatException(reader.name(), at, "DW_CFA_set_loc to a later address");
                        }
                        advance = next - loc;
                    }
                    case DW_CFA_ADVANCE_LOC1 -> advance = reader.u8() * cie.codeAlignment();
                    case DW_CFA_ADVANCE_LOC2 -> advance = reader.u16() * cie.codeAlignment();
                    case DW_CFA_ADVANCE_LOC4 -> advance = reader.u32() * cie.codeAlignment();
                    case DW_CFA_OFFSET_EXTENDED -> row.set(register(reader), CfiRow.OFFSET,
                            reader.uleb128() * cie.dataAlignment());
                    case DW_CFA_OFFSET_EXTENDED_SF -> row.set(register(reader), CfiRow.OFFSET,
                            reader.sleb128() * cie.dataAlignment());
                    case DW_CFA_GNU_NEGATIVE_OFFSET_EXTENDED -> row.set(register(reader), CfiRow.OFFSET,
                            -reader.uleb128() * cie.dataAlignment());
                    case DW_CFA_VAL_OFFSET -> row.set(register(reader), CfiRow.VAL_OFFSET,
                            reader.uleb128() * cie.dataAlignment());
                    case DW_CFA_VAL_OFFSET_SF -> row.set(register(reader), CfiRow.VAL_OFFSET,
                            reader.sleb128() * cie.dataAlignment());
                    case DW_CFA_RESTORE_EXTENDED -> restore(register(reader));
                    case DW_CFA_UNDEFINED -> row.set(register(reader), CfiRow.UNDEFINED, 0);
                    case DW_CFA_SAME_VALUE -> row.set(register(reader), CfiRow.SAME_VALUE, 0);
                    case DW_CFA_REGISTER -> row.set(register(reader), CfiRow.REGISTER, register(reader));
                    case DW_CFA_REMEMBER_STATE -> {
                        if (saved == remembered.length) {
                            throw new UnwindFormatException(reader.name(), at, "at most " + remembered.length
                                    + " nested DW_CFA_remember_state");
                        }
                        remembered[saved++].copyFrom(row);
                    }
                    case DW_CFA_RESTORE_STATE -> {
                        if (saved == 0) {
                            throw new UnwindFormatException(reader.name(), at,
                                    "a DW_CFA_remember_state before DW_CFA_restore_state");
                        }
                        row.copyFrom(remembered[--saved]);
                    }
                    case DW_CFA_DEF_CFA -> defineCfa(register(reader), reader.uleb128());
                    case DW_CFA_DEF_CFA_SF -> defineCfa(register(reader), reader.sleb128() * cie.dataAlignment());
                    case DW_CFA_DEF_CFA_REGISTER -> {
                        row.cfaRegister = register(reader);
                        row.cfaExpressionStart = -1;
                    }
                    case DW_CFA_DEF_CFA_OFFSET -> row.cfaOffset = reader.uleb128();
                    case DW_CFA_DEF_CFA_OFFSET_SF -> row.cfaOffset = reader.sleb128() * cie.dataAlignment();
                    case DW_CFA_DEF_CFA_EXPRESSION -> {
                        int length = reader.ulebInt("expression length");
                        row.cfaExpressionStart = reader.position();
                        row.cfaExpressionLength = length;
                        reader.skip(length);
                    }
                    case DW_CFA_EXPRESSION, DW_CFA_VAL_EXPRESSION -> {
                        int register = register(reader);
                        int length = reader.ulebInt("expression length");
                        row.set(register, opcode == DW_CFA_EXPRESSION ? CfiRow.EXPRESSION : CfiRow.VAL_EXPRESSION,
                                CfiRow.expression(reader.position(), length));
                        reader.skip(length);
                    }
                    case DW_CFA_GNU_ARGS_SIZE -> reader.uleb128();
                    default -> throw new UnwindFormatException(reader.name(), at,
                            "a DW_CFA instruction, found opcode 0x" + Integer.toHexString(opcode));
                }
            }
            if (advance >= 0) {
                long next = loc + advance;
                if (Long.compareUnsigned(target, next) < 0) {
                    return;
                }
                loc = next;
            }
        }
        if (reader.position() > end) {
            throw new UnwindFormatException(reader.name(), end, "the last instruction to end inside its entry");
        }
    }

    private void defineCfa(int register, long offset) {
        row.cfaRegister = register;
        row.cfaOffset = offset;
        row.cfaExpressionStart = -1;
    }

    private void restore(int register) {
        if (row.tracks(register)) {
            row.set(register, initial.ruleKinds[register], initial.ruleValues[register]);
        }
    }

    private static int register(SectionReader reader) {
        return reader.ulebInt("register number");
    }
}
