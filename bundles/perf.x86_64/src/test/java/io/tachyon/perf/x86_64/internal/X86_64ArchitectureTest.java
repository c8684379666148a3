package io.tachyon.perf.x86_64.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.tachyon.api.unwind.UserContext;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Uses the x86_64 numbers against the running kernel: they must open, enable, redirect and disable events. */
class X86_64ArchitectureTest {

    /** The C library calls this test makes, with every syscall argument a full register. */
    interface Libc extends Library {
        long syscall(long number, byte[] attr, long pid, long cpu, long groupFd, long flags);

        int ioctl(int fd, long request, long argument);

        int close(int fd);

        int getpid();

        Pointer mmap(Pointer address, long length, int protection, int flags, int fd, long offset);

        int munmap(Pointer address, long length);
    }

    private final X86_64Architecture architecture = new X86_64Architecture();

    @BeforeAll
    static void onX86_64Linux() {
        String reason = null;
        if (!System.getProperty("os.name", "").startsWith("Linux") || !System.getProperty("os.arch").equals("amd64")) {
            reason = "not x86_64 Linux";
        } else if (!Files.exists(Path.of("/proc/sys/kernel/perf_event_paranoid"))) {
            reason = "the kernel has no perf events";
        }
        if (reason != null) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("CI=true and the x86_64 kernel test cannot run: " + reason);
            }
            System.out.println("SKIPPED (needs x86_64 Linux): " + reason);
            Assumptions.abort(reason);
        }
    }

    /** A disabled user-space cpu-clock counter on this process, the least privileged event there is. */
    private static byte[] cpuClockAttr() {
        ByteBuffer attr = ByteBuffer.allocate(128).order(ByteOrder.LITTLE_ENDIAN);
        attr.putInt(0, 1).putInt(4, 128).putLong(8, 0).putLong(16, 1_000_000);
        attr.putLong(40, 1L | 1L << 5 | 1L << 6);
        return attr.array();
    }

    @Test
    void namesTheArchitectureAsUnameDoes() throws Exception {
        Process uname = new ProcessBuilder("uname", "-m").start();
        assertThat(new String(uname.getInputStream().readAllBytes()).trim()).isEqualTo(architecture.name());
    }

    @Test
    void itsNumbersDriveRealPerfEvents() {
        Libc libc = Native.load("c", Libc.class);
        int pid = libc.getpid();
        long first = libc.syscall(architecture.perfEventOpenSyscall(), cpuClockAttr(), pid, 0, -1, 0);
        assertThat(first).as("perf_event_open through syscall %d, errno %d", architecture.perfEventOpenSyscall(),
                Native.getLastError()).isNotNegative();
        long second = libc.syscall(architecture.perfEventOpenSyscall(), cpuClockAttr(), pid, 0, -1, 0);
        // SET_OUTPUT redirects only into an event that has a ring buffer: one header and one data page.
        long length = 2 * 4096;
        Pointer ring = libc.mmap(null, length, 0x1 | 0x2, 0x01, (int) first, 0);
        try {
            assertThat(second).isNotNegative();
            assertThat(Pointer.nativeValue(ring)).isNotEqualTo(-1L);
            assertThat(libc.ioctl((int) first, architecture.perfEventIocEnable(), 0)).isZero();
            assertThat(libc.ioctl((int) second, architecture.perfEventIocSetOutput(), first)).isZero();
            assertThat(libc.ioctl((int) first, architecture.perfEventIocDisable(), 0)).isZero();
            assertThat(libc.ioctl((int) first, 0x24ff, 0)).as("an unknown request fails, so the others mean it")
                    .isNegative();
        } finally {
            libc.munmap(ring, length);
            libc.close((int) second);
            libc.close((int) first);
        }
    }

    @Test
    void kernelSpaceStartsAboveEveryUserAddress() {
        assertThat(Long.compareUnsigned(architecture.kernelSpaceStart(), 0x00ff_ffff_ffff_ffffL)).isPositive();
        assertThat(Long.compareUnsigned(architecture.kernelSpaceStart(), 0xffff_8000_0000_0000L)).isNegative();
    }

    /** The user registers by the order of {@code enum perf_event_x86_regs} in the installed kernel header. */
    @Test
    void userRegisterMaskAndOrderFollowTheKernelHeader() throws Exception {
        Path header = Path.of("/usr/include/x86_64-linux-gnu/asm/perf_regs.h");
        Assumptions.assumeTrue(Files.isReadable(header) || "true".equals(System.getenv("CI")),
                "the kernel headers are not installed: " + header);
        List<String> registers = Files.readAllLines(header).stream().map(String::strip)
                .filter(line -> line.startsWith("PERF_REG_X86_")).map(line -> line.replaceAll("[,\\s].*", ""))
                .toList();
        long mask = 1L << registers.indexOf("PERF_REG_X86_BP") | 1L << registers.indexOf("PERF_REG_X86_SP")
                | 1L << registers.indexOf("PERF_REG_X86_IP");

        assertThat(registers.get(0)).isEqualTo("PERF_REG_X86_AX");
        assertThat(architecture.userRegisterMask()).isEqualTo(mask).isEqualTo(0x1c0);
        UserContext context = architecture.userContext(new long[] {0xb0, 0x5b, 0x1b}, ByteBuffer.allocate(8));
        assertThat(new long[] {context.fp(), context.sp(), context.ip(), context.stackAddress()})
                .containsExactly(0xb0, 0x5b, 0x1b, 0x5b);
        assertThat(context.architecture()).isEqualTo(UserContext.X86_64);
        assertThatThrownBy(() -> architecture.userContext(new long[2], ByteBuffer.allocate(8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
