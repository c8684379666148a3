/* Prints struct perf_event_attr, filled field by field from linux/perf_event.h, as hex bytes. */
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv) {
    int variant = argc > 1 && argv[1][0] == '1';
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.type = PERF_TYPE_SOFTWARE;
    attr.size = PERF_ATTR_SIZE_VER7;
    attr.config = PERF_COUNT_SW_CPU_CLOCK;
    attr.sample_freq = 997;
    attr.freq = 1;
    attr.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_PERIOD;
    attr.disabled = 1;
    attr.exclude_hv = 1;
    attr.mmap = 1;
    attr.comm = 1;
    attr.task = 1;
    attr.sample_id_all = 1;
    attr.mmap2 = 1;
    attr.comm_exec = 1;
    attr.use_clockid = 1;
    attr.clockid = CLOCK_MONOTONIC;
    if (variant) {
        attr.sample_type |= PERF_SAMPLE_CALLCHAIN;
        attr.inherit = 1;
        attr.enable_on_exec = 1;
        attr.exclude_kernel = 1;
        attr.exclude_callchain_kernel = 1;
        attr.build_id = 1;
    }
    const unsigned char *bytes = (const unsigned char *) &attr;
    for (int i = 0; i < PERF_ATTR_SIZE_VER7; i++) {
        printf("%02x", bytes[i]);
    }
    printf("\n");
    return 0;
}
