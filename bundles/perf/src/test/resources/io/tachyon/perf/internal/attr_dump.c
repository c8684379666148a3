/*
 * Prints struct perf_event_attr, filled field by field from linux/perf_event.h, as hex bytes.
 * Variant 0: the plainest cpu-clock event; 1: cpu-clock with everything; 2: a tracepoint (id 372);
 * 3: that tracepoint copying the user registers bp, sp, ip (asm/perf_regs.h bits 6-8) and 512 bytes of user stack;
 * 4: the side-band dummy event with everything; 5: the plainest side-band event.
 */
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv) {
    int variant = argc > 1 ? argv[1][0] - '0' : 0;
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = PERF_ATTR_SIZE_VER7;
    attr.sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU;
    attr.read_format = PERF_FORMAT_ID;
    attr.disabled = 1;
    attr.sample_id_all = 1;
    attr.use_clockid = 1;
    attr.clockid = CLOCK_MONOTONIC;
    if (variant == 2 || variant == 3) {
        attr.type = PERF_TYPE_TRACEPOINT;
        attr.config = 372;
        attr.sample_period = 1;
        attr.sample_type |= PERF_SAMPLE_RAW | PERF_SAMPLE_CALLCHAIN;
        attr.inherit = 1;
        attr.enable_on_exec = 1;
        attr.exclude_callchain_kernel = 1;
    } else if (variant == 4 || variant == 5) {
        attr.type = PERF_TYPE_SOFTWARE;
        attr.config = PERF_COUNT_SW_DUMMY;
        attr.exclude_hv = 1;
        attr.mmap = 1;
        attr.comm = 1;
        attr.task = 1;
        attr.mmap2 = 1;
        attr.comm_exec = 1;
    } else {
        attr.type = PERF_TYPE_SOFTWARE;
        attr.config = PERF_COUNT_SW_CPU_CLOCK;
        attr.sample_freq = 997;
        attr.freq = 1;
        attr.sample_type |= PERF_SAMPLE_IP | PERF_SAMPLE_PERIOD;
        attr.exclude_hv = 1;
    }
    if (variant == 1) {
        attr.sample_type |= PERF_SAMPLE_CALLCHAIN;
        attr.inherit = 1;
        attr.enable_on_exec = 1;
        attr.exclude_kernel = 1;
        attr.exclude_callchain_kernel = 1;
    }
    if (variant == 4) {
        attr.inherit = 1;
        attr.enable_on_exec = 1;
        attr.exclude_kernel = 1;
        attr.exclude_callchain_kernel = 1;
        attr.build_id = 1;
        attr.context_switch = 1;
    }
    if (variant == 3) {
        attr.sample_type |= PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER;
        attr.sample_regs_user = (1ULL << 6) | (1ULL << 7) | (1ULL << 8);
        attr.sample_stack_user = 512;
    }
    const unsigned char *bytes = (const unsigned char *) &attr;
    for (int i = 0; i < PERF_ATTR_SIZE_VER7; i++) {
        printf("%02x", bytes[i]);
    }
    printf("\n");
    return 0;
}
