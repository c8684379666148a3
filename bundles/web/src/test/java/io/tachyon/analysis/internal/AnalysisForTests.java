package io.tachyon.analysis.internal;

import io.tachyon.api.analysis.CaptureModelFactory;
import io.tachyon.api.capture.CaptureStore;
import io.tachyon.api.symbols.SymbolResolver;

import java.util.Map;

/**
 * The analysis bundle's real model factory with a symbol source of the test's choosing, as DS would bind it; the
 * binding method is package-private, hence this class in the analysis package (test classpath only).
 */
public final class AnalysisForTests {

    private AnalysisForTests() {
    }

    public static CaptureModelFactory factory(CaptureStore store, SymbolResolver resolver) {
        DefaultCaptureModelFactory factory = new DefaultCaptureModelFactory(store);
        factory.addResolver(resolver, Map.of("service.id", 1L, "service.ranking", 0));
        return factory;
    }
}
