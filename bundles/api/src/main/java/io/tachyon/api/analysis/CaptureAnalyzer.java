package io.tachyon.api.analysis;

import java.util.List;

/**
 * A check or analysis over a model (health, gaps, ...). Registered as a service; a new check is a new
 * service, found by {@link #id()}.
 */
public interface CaptureAnalyzer {

    String id();

    /** Findings about {@code model}, most important first; empty when there is nothing to say. */
    List<Finding> analyze(CaptureModel model);
}
