package io.tachyon.perf.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** /dev/kmsg records as the kernel formats them (Documentation/ABI/testing/dev-kmsg). */
class KernelLogRecordTest {

    @Test
    void parsesTheNmiLineAsTheKernelLogsIt() {
        KernelLogRecord record = KernelLogRecord.parse(
                "6,1734,5123456789,-;INFO: NMI handler (perf_event_nmi_handler) took too long to run: 250.424 msecs\n");

        assertThat(record).isEqualTo(new KernelLogRecord(6, 0, 1734, 5_123_456_789L,
                "INFO: NMI handler (perf_event_nmi_handler) took too long to run: 250.424 msecs"));
        assertThat(record.nanos()).isEqualTo(5_123_456_789_000L);
        assertThat(record.relevant()).isTrue();
    }

    @Test
    void keepsTheLinesThatBearOnAProfilesTrust() {
        assertThat(KernelLogRecord.parse("4,2001,6000000123,-;perf: interrupt took too long (2502 > 2500), lowering "
                + "kernel.perf_event_max_sample_rate to 79750\n").relevant()).isTrue();
        assertThat(KernelLogRecord.parse("0,3,7000,-,caller=T0;watchdog: BUG: soft lockup - CPU#1 stuck for 22s! "
                + "[kworker/1:1:99]\n").relevant()).isTrue();
        assertThat(KernelLogRecord.parse("3,44,9000,-;rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:\n")
                .relevant()).isTrue();
        assertThat(KernelLogRecord.parse("3,45,9100,-;rcu: INFO: rcu_sched self-detected stall on CPU\n").relevant())
                .isTrue();
        assertThat(KernelLogRecord.parse("3,46,9200,-;INFO: task kworker/0:1:12 blocked for more than 120 seconds.\n")
                .relevant()).isTrue();
        assertThat(KernelLogRecord.parse("6,99,100,-;usb 1-1: new high-speed USB device number 2\n SUBSYSTEM=usb\n "
                + "DEVICE=c189:1\n").relevant()).isFalse();
    }

    @Test
    void readsTheCallerFieldContinuationLinesAndEscapes() {
        KernelLogRecord withCaller = KernelLogRecord.parse("0,3,7000,-,caller=T0;watchdog: BUG: soft lockup\n");
        assertThat(withCaller.sequence()).isEqualTo(3);
        assertThat(withCaller.text()).isEqualTo("watchdog: BUG: soft lockup");

        KernelLogRecord continued = KernelLogRecord.parse("6,99,100,-;usb 1-1: new device\n SUBSYSTEM=usb\n");
        assertThat(continued.text()).isEqualTo("usb 1-1: new device");

        KernelLogRecord written = KernelLogRecord.parse("12,5,10,-;tachyon \\x1b[1mbold\\x1b[0m caf\\xc3\\xa9\n");
        assertThat(written.facility()).isEqualTo(1);
        assertThat(written.level()).isEqualTo(4);
        assertThat(written.text()).isEqualTo("tachyon \u001b[1mbold\u001b[0m café");
    }

    @Test
    void namesWhatIsWrongWithARecord() {
        assertThatThrownBy(() -> KernelLogRecord.parse("no prefix here")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no ';' after the prefix");
        assertThatThrownBy(() -> KernelLogRecord.parse("6,x,1,-;text")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pri, seq and usec must be numbers");
        assertThatThrownBy(() -> KernelLogRecord.parse("6,1;text")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected pri,seq,usec,flags");
    }
}
