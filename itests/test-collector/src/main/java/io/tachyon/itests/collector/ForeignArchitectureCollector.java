package io.tachyon.itests.collector;

import io.tachyon.api.collect.CaptureSession;
import io.tachyon.api.collect.Collector;
import io.tachyon.api.collect.CollectorException;
import io.tachyon.api.collect.CollectorInfo;
import io.tachyon.api.collect.EventSink;
import io.tachyon.api.collect.RecordingRequest;
import org.osgi.service.component.annotations.Component;

import java.util.Set;

/**
 * Stands in for a collector of another CPU architecture deployed into a running system: it registers,
 * describes itself and declines to record on this machine, as such a collector would.
 */
@Component(service = Collector.class)
public class ForeignArchitectureCollector implements Collector {

    static final String ID = "itest-riscv64";

    @Override
    public CollectorInfo describe() {
        return new CollectorInfo(ID, "integration-test collector for riscv64", "riscv64",
                Set.of(CollectorInfo.Capability.LAUNCH), false, "this machine is not riscv64");
    }

    @Override
    public CaptureSession start(RecordingRequest request, EventSink sink) throws CollectorException {
        throw new CollectorException(ID + " cannot record here: this machine is not riscv64");
    }
}
