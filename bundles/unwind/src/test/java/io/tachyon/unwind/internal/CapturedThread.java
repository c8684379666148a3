package io.tachyon.unwind.internal;

import io.tachyon.api.unwind.UserContext;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A thread's registers and stack copy as the test harness ({@code stack_capture.c}) wrote them.
 *
 * @param registers rip, rsp, rbp, rbx, r12, r13, r14, r15
 */
record CapturedThread(String name, long[] registers, long stackAddress, byte[] stack) {

    private static final int HEADER = 10 * 8;

    static CapturedThread read(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long[] registers = new long[8];
        for (int i = 0; i < registers.length; i++) {
            registers[i] = bytes.getLong(i * 8);
        }
        long stackAddress = bytes.getLong(64);
        int length = (int) bytes.getLong(72);
        byte[] stack = new byte[length];
        bytes.get(HEADER, stack);
        String name = file.getFileName().toString().replace(".ctx", "");
        return new CapturedThread(name, registers, stackAddress, stack);
    }

    long ip() {
        return registers[0];
    }

    long sp() {
        return registers[1];
    }

    long bp() {
        return registers[2];
    }

    /** The context perf would give, with only the first {@code stackBytes} of the stack copied. */
    UserContext context(int stackBytes) {
        ByteBuffer copy = ByteBuffer.wrap(stack, 0, Math.min(stackBytes, stack.length)).slice();
        return new UserContext(UserContext.X86_64, ip(), sp(), bp(),
                Map.of(3, registers[3], 12, registers[4], 13, registers[5], 14, registers[6], 15, registers[7]),
                copy, stackAddress);
    }

    UserContext context() {
        return context(stack.length);
    }

    /**
     * What the kernel's frame-pointer walk gives for this thread ({@code perf_callchain_user}): the ip, then
     * {@code *(bp + 8)} and {@code bp = *bp} for as long as bp points into the stack (the kernel reads the whole
     * user stack; the copy here reaches the thread's stack top).
     */
    long[] framePointerChain() {
        ByteBuffer memory = ByteBuffer.wrap(stack).order(ByteOrder.LITTLE_ENDIAN);
        List<Long> chain = new ArrayList<>(List.of(ip()));
        long bp = bp();
        while (bp - stackAddress >= 0 && bp - stackAddress + 16 <= stack.length && chain.size() < 128) {
            int at = (int) (bp - stackAddress);
            long returnAddress = memory.getLong(at + 8);
            if (returnAddress == 0) {
                break;
            }
            chain.add(returnAddress);
            bp = memory.getLong(at);
        }
        return chain.stream().mapToLong(Long::longValue).toArray();
    }
}
