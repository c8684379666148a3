package io.tachyon.perf.internal;

import com.sun.jna.Native;

import java.nio.charset.StandardCharsets;

/**
 * This machine as {@code uname(2)} describes it.
 *
 * @param nodeName host name ({@code uname -n})
 * @param release  kernel release ({@code uname -r})
 * @param machine  CPU architecture ({@code uname -m})
 */
record Uname(String nodeName, String release, String machine) {

    /** glibc's struct utsname: six fields of 65 bytes; room to spare. */
    static final int BUFFER_SIZE = 1024;
    private static final int FIELD_LENGTH = 65;

    static Uname of(Libc libc) {
        byte[] buffer = new byte[BUFFER_SIZE];
        if (libc.uname(buffer) != 0) {
            int errno = Native.getLastError();
            throw new IllegalStateException("uname failed: " + libc.strerror(errno));
        }
        return new Uname(field(buffer, 1), field(buffer, 2), field(buffer, 4));
    }

    private static String field(byte[] buffer, int index) {
        int start = index * FIELD_LENGTH;
        int end = start;
        while (end < start + FIELD_LENGTH && buffer[end] != 0) {
            end++;
        }
        return new String(buffer, start, end - start, StandardCharsets.UTF_8);
    }
}
