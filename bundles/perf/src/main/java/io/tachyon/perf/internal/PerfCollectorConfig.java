package io.tachyon.perf.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration {@value LinuxPerfCollector#CONFIGURATION_PID} of the Linux perf collector. */
@ObjectClassDefinition(name = "Tachyon Linux perf collector",
        description = "How the linux-perf collector buffers and reads the kernel's perf records.")
public @interface PerfCollectorConfig {

    @AttributeDefinition(name = "Ring buffer pages per CPU", min = "1",
            description = "Data pages of each CPU's ring buffer, a power of two. 256 pages of 4 KiB are 1 MiB. "
                    + "Larger buffers lose fewer records at high sampling rates; unprivileged users are limited "
                    + "by kernel.perf_event_mlock_kb.")
    int ringBufferPages() default 256;

    @AttributeDefinition(name = "Poll interval (ms)", min = "1",
            description = "How often the reader empties the ring buffers.")
    int pollIntervalMillis() default 10;
}
