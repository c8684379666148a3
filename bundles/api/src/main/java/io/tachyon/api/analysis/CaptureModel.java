package io.tachyon.api.analysis;

import io.tachyon.api.event.CaptureMetadata;

import java.nio.file.Path;
import java.util.List;

/**
 * The analysed view of one capture: what every viewer and exporter reads. Immutable once built and
 * safe to share between threads.
 */
@org.osgi.annotation.versioning.ProviderType
public interface CaptureModel {

    Path file();

    CaptureMetadata metadata();

    /** Time of the first and last event, on the capture's clock. */
    long startTime();

    long endTime();

    long sampleCount();

    /** Sum of the sample periods: the CPU time the samples stand for. */
    long sampledNanos();

    /** Records the kernel dropped while recording, summed over all buffers. */
    long lostRecords();

    /**
     * What a reader of this capture should know before trusting it, for people: the file was not closed
     * (recorder killed), parts were skipped, ... Empty for a sound capture.
     */
    List<String> warnings();

    /** Every thread seen, busiest first. */
    List<ThreadSummary> threads();

    /** Every function hit by a sample, by self time, highest first. */
    List<FunctionCost> functions();

    /** Every distinct sampled call stack, by time, highest first. */
    List<StackCost> stacks();
}
