package io.tachyon.api.analysis;

/**
 * One thread's life in a capture.
 *
 * @param name        the thread's last known name
 * @param processName the name of its process's main thread
 * @param samples     samples taken on it
 * @param cpuNanos    sum of their periods
 */
public record ThreadSummary(int pid, int tid, String name, String processName, long samples, long cpuNanos) {
}
