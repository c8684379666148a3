package io.tachyon.unwind.internal;

import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.unwind.ModuleLookup;
import io.tachyon.api.unwind.UserContext;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * The x86_64 hybrid unwinder: CFI from {@code .eh_frame} for the innermost frames, then the kernel's
 * frame-pointer chain from the first frame that keeps a frame pointer (see README.md for the reasoning).
 *
 * <p>How a kernel chain entry is matched: the kernel read entry {@code j} of its chain from the stack slot
 * {@code bp(j-1) + 8}, where {@code bp(0)} is the sampled rbp and {@code bp(j) = *bp(j-1)}. Those slots are
 * recomputed from the stack copy. When the CFI walk reaches a frame whose CFA is rbp-based, that frame's return
 * address lies at {@code CFA - 8 = rbp + 8}; if that is kernel slot {@code j} (and the copy holds the same value
 * there), the kernel's entries from {@code j} on are exactly the rest of the stack.
 *
 * <p>Thread-safe: each thread unwinds with its own scratch state.
 */
final class X86_64HybridUnwinder {

    static final int RBP = 6;
    static final int RSP = 7;
    static final int RIP = 16;
    static final int REGISTERS = 17;
    /** CFI frames at most before the walk gives up (a loop in corrupt data cannot get further than this). */
    static final int MAX_CFI_FRAMES = 256;
    /** Return addresses below this are not code (null page); a zero one ends the stack. */
    private static final long LOWEST_CODE_ADDRESS = 4096;

    private final UnwindTableSource tables;
    private final ThreadLocal<Walk> walks;

    X86_64HybridUnwinder(UnwindTableSource tables) {
        this.tables = Objects.requireNonNull(tables, "tables");
        this.walks = ThreadLocal.withInitial(Walk::new);
    }

    /** See {@link io.tachyon.api.unwind.UserStackUnwinder#unwind}. */
    long[] unwind(UserContext context, ModuleLookup modules, long[] framePointerChain) {
        if (!UserContext.X86_64.equals(context.architecture())) {
            return framePointerChain;
        }
        Walk walk = walks.get();
        walk.start(context, modules, framePointerChain);
        return walk.run();
    }

    /** How one step of the walk ended. */
    private enum Step {
        /** The caller's registers are known; the walk goes on. */
        CALLER,
        /** The kernel chain took over from here; {@link Walk#result} is set. */
        SPLICED,
        /** The outermost frame: the CFI says there is no return address (thread start, {@code _start}). */
        END,
        /** The walk cannot go further: stack copy exhausted, no usable unwind data, corrupt data. */
        STOPPED
    }

    /** The state of one unwind; reused by its thread. */
    private final class Walk implements DwarfExpression.Registers {
        private final CfiInterpreter interpreter = new CfiInterpreter(REGISTERS);
        private final DwarfExpression expressions = new DwarfExpression();
        private final long[] registers = new long[REGISTERS];
        private final long[] callerRegisters = new long[REGISTERS];
        private final long[] frames = new long[MAX_CFI_FRAMES + 1];
        private long[] kernelSlots = new long[64];
        private int known;
        /** Set after a signal frame: the interrupted pc is not a return address, so it is looked up as is. */
        private boolean exactLookup;
        private long sampledFramePointer;
        private int frameCount;
        private int kernelSlotCount;
        private long[] chain;
        private StackCopy stack;
        private ModuleLookup modules;
        private long[] result;

        void start(UserContext context, ModuleLookup lookup, long[] framePointerChain) {
            modules = lookup;
            chain = framePointerChain;
            stack = new StackCopy(context.stack(), context.stackAddress());
            Arrays.fill(registers, 0);
            known = 0;
            for (Map.Entry<Integer, Long> register : context.otherRegisters().entrySet()) {
                int number = register.getKey();
                if (number >= 0 && number < REGISTERS) {
                    registers[number] = register.getValue();
                    known |= 1 << number;
                }
            }
            registers[RIP] = context.ip();
            registers[RSP] = context.sp();
            registers[RBP] = context.fp();
            sampledFramePointer = context.fp();
            known |= (1 << RIP) | (1 << RSP) | (1 << RBP);
            frames[0] = context.ip();
            frameCount = 1;
            kernelSlotCount = -1;
            result = null;
            exactLookup = true;
        }

        long[] run() {
            Step step = Step.CALLER;
            while (step == Step.CALLER && frameCount <= MAX_CFI_FRAMES) {
                step = step();
                if (step == Step.CALLER) {
                    frames[frameCount++] = registers[RIP];
                }
            }
            long[] outcome = switch (step) {
                case SPLICED -> result;
                case END -> Arrays.copyOf(frames, frameCount);
                default -> fallBack();
            };
            stack = null;
            modules = null;
            chain = null;
            result = null;
            return outcome;
        }

        /** Computes the caller of the current frame into {@link #registers}. */
        private Step step() {
            long pc = registers[RIP];
            long lookupPc = exactLookup ? pc : pc - 1;
            exactLookup = false;
            ModuleMapping mapping = modules.mappingAt(lookupPc);
            ModuleUnwindTables module = mapping == null ? null : tables.tablesFor(mapping);
            try {
                EhFrame.Fde fde = null;
                long address = -1;
                if (module != null) {
                    address = module.addressOfFileOffset(lookupPc - mapping.start() + mapping.fileOffset());
                    fde = address == -1 ? null : module.fdeFor(address);
                }
                return fde == null ? framePointerStep() : cfiStep(module, fde, address);
            } catch (UnwindFormatException corrupt) {
                return Step.STOPPED;
            }
        }

        /** Code without CFI (JIT code, hand-written assembly): the frame-pointer rule, as the kernel applies it. */
        private Step framePointerStep() {
            if (!isKnown(RBP)) {
                return Step.STOPPED;
            }
            long rbp = registers[RBP];
            if (splice(rbp + 8)) {
                return Step.SPLICED;
            }
            if (Long.compareUnsigned(rbp, registers[RSP]) < 0 || !stack.holds(rbp) || !stack.holds(rbp + 8)) {
                return Step.STOPPED;
            }
            return caller(stack.read(rbp + 8), rbp + 16, stack.read(rbp), true);
        }

        private Step cfiStep(ModuleUnwindTables module, EhFrame.Fde fde, long address) {
            if (fde.cie().returnAddressRegister() != RIP) {
                return Step.STOPPED;
            }
            CfiRow row = interpreter.rowAt(module.ehFrame(), fde, address);
            long cfa;
            if (row.cfaIsExpression()) {
                cfa = expressions.evaluate(module.ehFrame().reader(), row.cfaExpressionStart,
                        row.cfaExpressionLength, this, stack, null);
            } else {
                if (!row.tracks(row.cfaRegister) || !isKnown(row.cfaRegister)) {
                    return Step.STOPPED;
                }
                cfa = registers[row.cfaRegister] + row.cfaOffset;
            }
            byte returnRule = row.ruleKinds[RIP];
            if (returnRule == CfiRow.UNDEFINED) {
                return Step.END;
            }
            if (!row.cfaIsExpression() && row.cfaRegister == RBP && returnRule == CfiRow.OFFSET
                    && splice(cfa + row.ruleValues[RIP])) {
                return Step.SPLICED;
            }
            int callerKnown = 0;
            for (int register = 0; register < REGISTERS; register++) {
                long value = registers[register];
                boolean isKnown = isKnown(register);
                long rule = row.ruleValues[register];
                switch (row.ruleKinds[register]) {
                    case CfiRow.UNDEFINED -> isKnown = false;
                    case CfiRow.OFFSET -> {
                        isKnown = stack.holds(cfa + rule);
                        value = isKnown ? stack.read(cfa + rule) : 0;
                    }
                    case CfiRow.VAL_OFFSET -> {
                        isKnown = true;
                        value = cfa + rule;
                    }
                    case CfiRow.REGISTER -> {
                        isKnown = rule < REGISTERS && isKnown((int) rule);
                        value = isKnown ? registers[(int) rule] : 0;
                    }
                    case CfiRow.EXPRESSION, CfiRow.VAL_EXPRESSION -> {
                        long computed = expressions.evaluate(module.ehFrame().reader(),
                                CfiRow.expressionStart(rule), CfiRow.expressionLength(rule), this, stack, cfa);
                        boolean isAddress = row.ruleKinds[register] == CfiRow.EXPRESSION;
                        isKnown = !isAddress || stack.holds(computed);
                        value = !isAddress ? computed : isKnown ? stack.read(computed) : 0;
                    }
                    default -> {
                        if (register == RIP) {
                            return Step.STOPPED;
                        }
                    }
                }
                callerRegisters[register] = value;
                if (isKnown) {
                    callerKnown |= 1 << register;
                }
            }
            if (row.ruleKinds[RSP] == CfiRow.SAME_VALUE) {
                callerRegisters[RSP] = cfa;
                callerKnown |= 1 << RSP;
            }
            if ((callerKnown & (1 << RIP)) == 0 || (callerKnown & (1 << RSP)) == 0) {
                return Step.STOPPED;
            }
            long previousSp = registers[RSP];
            long returnAddress = callerRegisters[RIP];
            long callerSp = callerRegisters[RSP];
            System.arraycopy(callerRegisters, 0, registers, 0, REGISTERS);
            known = callerKnown;
            exactLookup = fde.cie().signalFrame();
            return checkProgress(returnAddress, callerSp, previousSp);
        }

        private Step caller(long returnAddress, long callerSp, long callerRbp, boolean rbpKnown) {
            long previousSp = registers[RSP];
            registers[RIP] = returnAddress;
            registers[RSP] = callerSp;
            registers[RBP] = callerRbp;
            known = rbpKnown ? known | (1 << RBP) : known & ~(1 << RBP);
            return checkProgress(returnAddress, callerSp, previousSp);
        }

        /** A caller's stack pointer lies above its callee's; anything else is a loop in bad data. */
        private Step checkProgress(long returnAddress, long callerSp, long previousSp) {
            if (returnAddress == 0) {
                return Step.END;
            }
            if (Long.compareUnsigned(returnAddress, LOWEST_CODE_ADDRESS) < 0
                    || Long.compareUnsigned(callerSp, previousSp) <= 0) {
                return Step.STOPPED;
            }
            return Step.CALLER;
        }

        /**
         * Hands over to the kernel chain when its entry {@code j} was read from {@code returnSlot}: the result is
         * the CFI frames so far followed by {@code chain[j..]}.
         */
        private boolean splice(long returnSlot) {
            computeKernelSlots();
            for (int j = 1; j <= kernelSlotCount; j++) {
                long slot = kernelSlots[j];
                if (slot == returnSlot) {
                    if (stack.holds(slot) && stack.read(slot) != chain[j]) {
                        return false;
                    }
                    result = joined(j);
                    return true;
                }
                if (Long.compareUnsigned(slot, returnSlot) > 0) {
                    return false;
                }
            }
            return false;
        }

        /**
         * When the CFI walk stops short, the kernel's entries whose slots lie at or above the last frame's stack
         * pointer are the outer frames still missing (the first may skip frames without a frame pointer, as the
         * kernel's chain did). No CFI progress at all leaves the kernel chain as it was.
         */
        private long[] fallBack() {
            if (frameCount == 1) {
                return chain.length > 0 ? chain : Arrays.copyOf(frames, 1);
            }
            computeKernelSlots();
            long sp = registers[RSP];
            for (int j = 1; j <= kernelSlotCount; j++) {
                if (Long.compareUnsigned(kernelSlots[j], sp) >= 0) {
                    return joined(j);
                }
            }
            long last = frames[frameCount - 1];
            for (int j = 1; j < chain.length; j++) {
                if (chain[j] == last) {
                    return joined(j + 1);
                }
            }
            return Arrays.copyOf(frames, frameCount);
        }

        private long[] joined(int fromChainIndex) {
            int tail = Math.max(0, chain.length - fromChainIndex);
            long[] joined = Arrays.copyOf(frames, frameCount + tail);
            System.arraycopy(chain, chain.length - tail, joined, frameCount, tail);
            return joined;
        }

        /**
         * The stack slots the kernel read its chain entries from ({@code kernelSlots[j]} for entry {@code j}),
         * as far as the stack copy lets them be recomputed and they agree with the chain. Increasing, by
         * construction: a chain that goes down the stack is not followed.
         */
        private void computeKernelSlots() {
            if (kernelSlotCount >= 0) {
                return;
            }
            kernelSlotCount = 0;
            if (chain.length < 2) {
                return;
            }
            long bp = sampledFramePointer;
            for (int j = 1; j < chain.length; j++) {
                long slot = bp + 8;
                if (j > 1 && Long.compareUnsigned(slot, kernelSlots[j - 1]) <= 0) {
                    return;
                }
                if (stack.holds(slot) && stack.read(slot) != chain[j]) {
                    return;
                }
                if (j == kernelSlots.length) {
                    kernelSlots = Arrays.copyOf(kernelSlots, j * 2);
                }
                kernelSlots[j] = slot;
                kernelSlotCount = j;
                if (!stack.holds(bp)) {
                    return;
                }
                bp = stack.read(bp);
            }
        }

        private boolean isKnown(int register) {
            return (known & (1 << register)) != 0;
        }

        @Override
        public boolean known(int register) {
            return register >= 0 && register < REGISTERS && isKnown(register);
        }

        @Override
        public long value(int register) {
            return registers[register];
        }
    }
}
