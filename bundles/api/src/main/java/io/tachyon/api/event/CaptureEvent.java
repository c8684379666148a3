package io.tachyon.api.event;

/**
 * One recorded fact. Every event carries its time in nanoseconds on the capture's monotonic clock
 * (see {@link CaptureMetadata#clock()}).
 */
public sealed interface CaptureEvent
        permits ThreadStart, ThreadExit, ThreadName, ModuleMapping, Sample, ContextSwitch, Wakeup, LostRecords,
        Throttle, KernelMessage, CollectorNotice, RecorderUsage {

    long time();
}
