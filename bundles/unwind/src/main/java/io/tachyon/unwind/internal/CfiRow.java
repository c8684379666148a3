package io.tachyon.unwind.internal;

import java.util.Arrays;

/**
 * One row of the CFI table (DWARF 4 section 6.4.1): how to find the canonical frame address (CFA) and where each
 * register of the caller is. Expressions are kept as (offset, length) in the {@code .eh_frame} section they came
 * from. Mutable, so the interpreter can run a program without allocating per instruction.
 */
final class CfiRow {

    /** Unspecified and same value both leave the register as the callee has it (the x86_64 ABI's default). */
    static final byte SAME_VALUE = 0;
    static final byte UNDEFINED = 1;
    /** Saved at CFA + value. */
    static final byte OFFSET = 2;
    /** Is CFA + value. */
    static final byte VAL_OFFSET = 3;
    /** Is in register value. */
    static final byte REGISTER = 4;
    /** Saved at the address the expression gives. */
    static final byte EXPRESSION = 5;
    /** Is the value the expression gives. */
    static final byte VAL_EXPRESSION = 6;

    int cfaRegister;
    long cfaOffset;
    /** The CFA expression's offset in .eh_frame, or -1 when the CFA is register + offset. */
    int cfaExpressionStart = -1;
    int cfaExpressionLength;
    final byte[] ruleKinds;
    final long[] ruleValues;

    CfiRow(int registers) {
        ruleKinds = new byte[registers];
        ruleValues = new long[registers];
    }

    boolean tracks(long register) {
        return register >= 0 && register < ruleKinds.length;
    }

    void set(int register, byte kind, long value) {
        if (tracks(register)) {
            ruleKinds[register] = kind;
            ruleValues[register] = value;
        }
    }

    void copyFrom(CfiRow other) {
        cfaRegister = other.cfaRegister;
        cfaOffset = other.cfaOffset;
        cfaExpressionStart = other.cfaExpressionStart;
        cfaExpressionLength = other.cfaExpressionLength;
        System.arraycopy(other.ruleKinds, 0, ruleKinds, 0, ruleKinds.length);
        System.arraycopy(other.ruleValues, 0, ruleValues, 0, ruleValues.length);
    }

    void clear() {
        cfaRegister = 0;
        cfaOffset = 0;
        cfaExpressionStart = -1;
        cfaExpressionLength = 0;
        Arrays.fill(ruleKinds, SAME_VALUE);
        Arrays.fill(ruleValues, 0);
    }

    boolean cfaIsExpression() {
        return cfaExpressionStart >= 0;
    }

    static long expression(int start, int length) {
        return ((long) start << 32) | Integer.toUnsignedLong(length);
    }

    static int expressionStart(long value) {
        return (int) (value >>> 32);
    }

    static int expressionLength(long value) {
        return (int) value;
    }
}
