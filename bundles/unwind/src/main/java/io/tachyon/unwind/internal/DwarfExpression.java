package io.tachyon.unwind.internal;

/**
 * Evaluates the DWARF expressions of CFI rules (DWARF 4 section 2.5.1) over the registers of one frame and the
 * stack copy: literals, constants, register-based values, stack manipulation, arithmetic and logic,
 * comparisons and branches, and dereferences of the stack copy. That covers what compilers and assemblers put in
 * {@code .eh_frame}: the PLT's {@code rsp + 8 + ((rip & 15) >= 11) << 3}, stack-realigning prologues
 * ({@code *(rbp - 8)}), signal trampolines. Location descriptions (DW_OP_reg*, pieces) are not values and are
 * refused.
 */
final class DwarfExpression {

    /** Registers of a frame: a value and whether it is known. */
    interface Registers {
        boolean known(int register);

        long value(int register);
    }

    private static final int MAX_STACK = 64;
    private static final int MAX_STEPS = 1000;

    private final long[] stack = new long[MAX_STACK];

    /**
     * Evaluates the expression at {@code start} (length {@code length}) of {@code section}.
     *
     * @param initial a value pushed before the first operation (the CFA for register rules), or null for none
     * @return the value on top of the stack at the end
     * @throws UnwindFormatException when the expression is malformed, reads an unknown register or memory outside
     *                               the stack copy, or uses an operation this evaluator does not know
     */
    long evaluate(SectionReader section, int start, int length, Registers registers, StackCopy memory,
            Long initial) {
        int depth = 0;
        if (initial != null) {
            stack[depth++] = initial;
        }
        section.seek(start);
        int end = start + length;
        if (end < start || end > section.size()) {
            throw new UnwindFormatException(section.name(), start, "an expression of " + length
                    + " bytes inside the section");
        }
        for (int steps = 0; section.position() < end; steps++) {
            if (steps == MAX_STEPS) {
                throw new UnwindFormatException(section.name(), start, "an expression that ends within "
                        + MAX_STEPS + " operations");
            }
            int at = section.position();
            int op = section.u8();
            if (op >= 0x30 && op <= 0x4f) {
                depth = push(depth, op - 0x30, section, at);
                continue;
            }
            if (op >= 0x70 && op <= 0x8f) {
                depth = push(depth, register(registers, op - 0x70, section, at) + section.sleb128(), section, at);
                continue;
            }
            switch (op) {
                case 0x03 -> depth = push(depth, section.u64(), section, at);
                case 0x08 -> depth = push(depth, section.u8(), section, at);
                case 0x09 -> depth = push(depth, (byte) section.u8(), section, at);
                case 0x0a -> depth = push(depth, section.u16(), section, at);
                case 0x0b -> depth = push(depth, (short) section.u16(), section, at);
                case 0x0c -> depth = push(depth, section.u32(), section, at);
                case 0x0d -> depth = push(depth, section.s32(), section, at);
                case 0x0e, 0x0f -> depth = push(depth, section.u64(), section, at);
                case 0x10 -> depth = push(depth, section.uleb128(), section, at);
                case 0x11 -> depth = push(depth, section.sleb128(), section, at);
                case 0x12 -> depth = push(depth, top(depth, 0, section, at), section, at);
                case 0x13 -> depth = pop(depth, 1, section, at);
                case 0x14 -> depth = push(depth, top(depth, 1, section, at), section, at);
                case 0x15 -> depth = push(depth, top(depth, section.u8(), section, at), section, at);
                case 0x16 -> {
                    long a = top(depth, 0, section, at);
                    stack[depth - 1] = top(depth, 1, section, at);
                    stack[depth - 2] = a;
                }
                case 0x17 -> {
                    long first = top(depth, 0, section, at);
                    stack[depth - 1] = top(depth, 1, section, at);
                    stack[depth - 2] = top(depth, 2, section, at);
                    stack[depth - 3] = first;
                }
                case 0x06, 0x94 -> {
                    int size = op == 0x06 ? 8 : section.u8();
                    long address = top(depth, 0, section, at);
                    if (size != 1 && size != 2 && size != 4 && size != 8 || !memory.holds(address, size)) {
                        throw new UnwindFormatException(section.name(), at, "a dereference of 1, 2, 4 or 8 bytes"
                                + " inside the stack copy, found " + size + " bytes at 0x" + Long.toHexString(address));
                    }
                    stack[depth - 1] = memory.read(address, size);
                }
                case 0x19 -> stack[depth - 1] = Math.abs(top(depth, 0, section, at));
                case 0x1f -> stack[depth - 1] = -top(depth, 0, section, at);
                case 0x20 -> stack[depth - 1] = ~top(depth, 0, section, at);
                case 0x23 -> stack[depth - 1] = top(depth, 0, section, at) + section.uleb128();
                case 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x21, 0x22, 0x24, 0x25, 0x26, 0x27, 0x29, 0x2a, 0x2b, 0x2c, 0x2d,
                        0x2e -> {
                    long b = top(depth, 0, section, at);
                    long a = top(depth, 1, section, at);
                    depth = pop(depth, 1, section, at);
                    stack[depth - 1] = binary(op, a, b, section, at);
                }
                case 0x2f -> branch(section, start, end, section.s16());
                case 0x28 -> {
                    int offset = section.s16();
                    long condition = top(depth, 0, section, at);
                    depth = pop(depth, 1, section, at);
                    if (condition != 0) {
                        branch(section, start, end, offset);
                    }
                }
                case 0x92 -> {
                    int register = section.ulebInt("register number");
                    depth = push(depth, register(registers, register, section, at) + section.sleb128(), section, at);
                }
                case 0x96 -> {
                }
                default -> throw new UnwindFormatException(section.name(), at,
                        "a DWARF operation this unwinder evaluates, found 0x" + Integer.toHexString(op));
            }
        }
        if (section.position() != end) {
            throw new UnwindFormatException(section.name(), end, "the last operation to end with the expression");
        }
        return top(depth, 0, section, start);
    }

    private static long binary(int op, long a, long b, SectionReader section, int at) {
        return switch (op) {
            case 0x1a -> a & b;
            case 0x1b, 0x1d -> {
                if (b == 0) {
                    throw new UnwindFormatException(section.name(), at, "a non-zero divisor");
                }
                yield op == 0x1b ? a / b : Long.remainderUnsigned(a, b);
            }
            case 0x1c -> a - b;
            case 0x1e -> a * b;
            case 0x21 -> a | b;
            case 0x22 -> a + b;
            case 0x24 -> b >= 64 || b < 0 ? 0 : a << b;
            case 0x25 -> b >= 64 || b < 0 ? 0 : a >>> b;
            case 0x26 -> b >= 64 || b < 0 ? a >> 63 : a >> b;
            case 0x27 -> a ^ b;
            case 0x29 -> a == b ? 1 : 0;
            case 0x2a -> a >= b ? 1 : 0;
            case 0x2b -> a > b ? 1 : 0;
            case 0x2c -> a <= b ? 1 : 0;
            case 0x2d -> a < b ? 1 : 0;
            default -> a != b ? 1 : 0;
        };
    }

    private static void branch(SectionReader section, int start, int end, int offset) {
        section.seek(Math.min(end, Math.max(start, section.position() + offset)));
    }

    private static long register(Registers registers, int register, SectionReader section, int at) {
        if (!registers.known(register)) {
            throw new UnwindFormatException(section.name(), at, "register " + register + " to be known in this frame");
        }
        return registers.value(register);
    }

    private int push(int depth, long value, SectionReader section, int at) {
        if (depth == MAX_STACK) {
            throw new UnwindFormatException(section.name(), at, "at most " + MAX_STACK + " values on the stack");
        }
        stack[depth] = value;
        return depth + 1;
    }

    private static int pop(int depth, int count, SectionReader section, int at) {
        if (depth < count) {
            throw new UnwindFormatException(section.name(), at, count + " values on the stack, found " + depth);
        }
        return depth - count;
    }

    private long top(int depth, int index, SectionReader section, int at) {
        if (index >= depth) {
            throw new UnwindFormatException(section.name(), at, (index + 1) + " values on the stack, found " + depth);
        }
        return stack[depth - 1 - index];
    }
}
