package io.tachyon.perf.internal;

import com.sun.jna.Native;
import io.tachyon.api.unwind.UserContext;
import io.tachyon.api.unwind.UserStackUnwinder;
import io.tachyon.unwind.internal.X86_64UserStackUnwinder;
import io.tachyon.perf.spi.PerfArchitecture;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What tests that need the real kernel share: the C library, this machine's architecture facts, a gcc, and
 * the rule that such tests skip with a printed reason where the kernel or tools are missing, but fail when
 * the environment variable CI is "true".
 */
final class KernelAccess {

    private KernelAccess() {
    }

    /** Skips (or under CI fails) the calling test unless perf_event_open for every target works here. */
    static void assumePerfEvents() {
        assume(whyNoPerfEvents());
    }

    static void assumeGcc() {
        assumeExecutable(Path.of("/usr/bin/gcc"));
    }

    /** Skips (or under CI fails) unless this process may write {@code file} (e.g. /dev/kmsg as root). */
    static void assumeWritable(Path file) {
        assume(Files.isWritable(file) ? null : file + " is not writable here");
    }

    static void assumeExecutable(Path tool) {
        assume(Files.isExecutable(tool) ? null : tool.getFileName() + " is not installed at " + tool);
    }

    static void assume(String reason) {
        if (reason == null) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail("CI=true and a kernel test cannot run: " + reason);
        }
        System.out.println("SKIPPED (needs the kernel): " + reason);
        Assumptions.abort(reason);
    }

    private static String whyNoPerfEvents() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return "not Linux";
        }
        if (architecture() == null) {
            return "no test architecture for " + Uname.of(libc()).machine();
        }
        if (!ProcFs.isRoot()) {
            return "not root: kernel and system-wide recording need root or kernel.perf_event_paranoid <= 0";
        }
        if (ProcFs.perfEventParanoid().isEmpty()) {
            return "the kernel has no perf events";
        }
        return null;
    }

    static Libc libc() {
        return Native.load("c", Libc.class);
    }

    /** This machine's architecture facts, or null when the tests do not know it. */
    static PerfArchitecture architecture() {
        String machine = Uname.of(libc()).machine();
        return switch (machine) {
            case "x86_64" -> new TestArchitecture(machine, 298, 0xff00_0000_0000_0000L, X86_64_BP_SP_IP);
            case "aarch64" -> new TestArchitecture(machine, 241, 0xfff0_0000_0000_0000L, 0);
            default -> null;
        };
    }

    /** The unwind bundle's unwinder for this machine, constructed as its component would be; null if it has none. */
    static UserStackUnwinder unwinder() {
        if (!UserContext.X86_64.equals(Uname.of(libc()).machine())) {
            return null;
        }
        return new X86_64UserStackUnwinder(new X86_64UserStackUnwinder.Config() {
            @Override
            public int cacheSize() {
                return 256;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return X86_64UserStackUnwinder.Config.class;
            }
        });
    }

    /** The x86_64 facts as the tests know them, whatever this machine is (for decoding hand-built records). */
    static PerfArchitecture x86_64() {
        return new TestArchitecture("x86_64", 298, 0xff00_0000_0000_0000L, X86_64_BP_SP_IP);
    }

    /** Compiles a C source from the test resources into {@code directory}. */
    static Path compile(String resource, Path directory, String... extraFlags) throws IOException, InterruptedException {
        Path source = directory.resolve(resource);
        try (InputStream in = KernelAccess.class.getResourceAsStream(resource)) {
            Files.copy(in, source);
        }
        Path binary = directory.resolve(resource.replace(".c", ""));
        List<String> command = new ArrayList<>(List.of("/usr/bin/gcc", "-O1", "-fno-omit-frame-pointer", "-g",
                "-o", binary.toString(), source.toString()));
        command.addAll(List.of(extraFlags));
        run(command);
        return binary;
    }

    /** Runs a tool and returns its standard output; fails on a non-zero exit. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(command + " failed:\n" + output);
        }
        return output;
    }

    /** PERF_REG_X86_BP 6, SP 7, IP 8 of asm/perf_regs.h. */
    private static final long X86_64_BP_SP_IP = 0x1c0;

    private record TestArchitecture(String name, long perfEventOpenSyscall, long kernelSpaceStart,
            long userRegisterMask) implements PerfArchitecture {

        @Override
        public UserContext userContext(long[] registers, ByteBuffer stack) {
            if (userRegisterMask != X86_64_BP_SP_IP) {
                return PerfArchitecture.super.userContext(registers, stack);
            }
            return new UserContext(UserContext.X86_64, registers[2], registers[1], registers[0], stack);
        }

        @Override
        public long perfEventIocEnable() {
            return 0x2400;
        }

        @Override
        public long perfEventIocDisable() {
            return 0x2401;
        }

        @Override
        public long perfEventIocSetOutput() {
            return 0x2405;
        }

        @Override
        public int signalContinue() {
            return 18;
        }
    }
}
