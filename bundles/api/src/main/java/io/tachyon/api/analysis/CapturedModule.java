package io.tachyon.api.analysis;

import java.util.Objects;

/**
 * A module the frames of a capture lie in.
 *
 * @param name    its file name, as {@link StackFrame#module()} names it
 * @param path    the path it was mapped from (or a pseudo path such as {@code [kernel.kallsyms]})
 * @param buildId its GNU build-id as lowercase hex, or null when the capture does not know it
 * @param kernel  whether it is the kernel or a kernel module
 * @since 1.2
 */
public record CapturedModule(String name, String path, String buildId, boolean kernel) {

    public CapturedModule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
    }
}
