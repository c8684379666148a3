package io.tachyon.analysis.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.CaptureModelFactory;
import io.tachyon.api.capture.CaptureChunk;
import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.capture.CaptureReader;
import io.tachyon.api.capture.CaptureStore;
import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.symbols.SymbolResolver;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds capture models: reads a capture once through the {@link CaptureStore} and names its frames
 * with the symbols embedded in it, then through the {@link SymbolResolver} services, consulted by ranking. Resolvers may come and go at any
 * time, also while a model is being built; each new module is given to the resolvers present then.
 */
@Component(service = CaptureModelFactory.class)
public final class DefaultCaptureModelFactory implements CaptureModelFactory {

    /** 16M samples: 448 MiB of columns at most before the events confirm them. */
    private static final int MAX_PRESIZED_SAMPLES = 1 << 24;

    private final CaptureStore store;
    private final RankedResolvers resolvers = new RankedResolvers();

    @Activate
    public DefaultCaptureModelFactory(@Reference(name = "store") CaptureStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Reference(name = "resolver", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeResolver", updated = "updateResolver")
    void addResolver(SymbolResolver resolver, Map<String, Object> properties) {
        resolvers.add(resolver, properties);
    }

    void removeResolver(SymbolResolver resolver, Map<String, Object> properties) {
        resolvers.remove(properties);
    }

    void updateResolver(SymbolResolver resolver, Map<String, Object> properties) {
        resolvers.update(resolver, properties);
    }

    @Override
    public CaptureModel open(Path capture) throws IOException {
        try (CaptureReader reader = store.open(capture)) {
            List<String> warnings = new ArrayList<>();
            CaptureModelBuilder builder = new CaptureModelBuilder(resolvers::current, embeddedSymbols(reader, warnings),
                    expectedSamples(reader));
            try {
                reader.forEach(builder);
            } catch (CaptureFormatException damage) {
                // The reader delivered every intact part before the damage: show it, and say where it ends.
                warnings.add("the capture is damaged, so it is shown only up to the damage: " + damage.getMessage());
            }
            if (!reader.closedCleanly()) {
                warnings.add("the capture was not closed cleanly (recorder killed or file cut short): "
                        + "it holds what was written until then");
            }
            warnings.addAll(reader.warnings());
            return builder.build(reader.file(), reader.metadata(), warnings);
        }
    }

    /**
     * What the capture's chunks count, as a first size for the sample columns. Bounded, because the counts are
     * only checked as each chunk is decoded: a damaged index must not make the model allocate gigabytes up front.
     */
    private static int expectedSamples(CaptureReader reader) {
        long samples = reader.chunks().stream().mapToLong(CaptureChunk::samples).sum();
        return (int) Math.min(samples, MAX_PRESIZED_SAMPLES);
    }

    private static List<EmbeddedSymbols> embeddedSymbols(CaptureReader reader, List<String> warnings)
            throws IOException {
        try {
            return reader.embeddedSymbols();
        } catch (CaptureFormatException damage) {
            warnings.add("the symbols embedded in the capture are damaged, so names come from the symbol files "
                    + "found here: " + damage.getMessage());
            return List.of();
        }
    }
}
