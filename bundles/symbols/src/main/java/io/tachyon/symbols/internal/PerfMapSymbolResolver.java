package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.SymbolResolver;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import java.nio.file.Path;
import java.util.Optional;

/** Names JIT-compiled code ({@link ModuleRef.Kind#JIT}) from the process's perf map. */
@Component(service = SymbolResolver.class, property = Constants.SERVICE_RANKING + ":Integer=0")
@Designate(ocd = PerfMapSymbolResolver.Config.class)
public final class PerfMapSymbolResolver implements SymbolResolver {

    @ObjectClassDefinition(name = "Tachyon JIT perf map resolver",
            description = "Names JIT-compiled code from perf-<pid>.map files.")
    public @interface Config {
        @AttributeDefinition(name = "Perf map directory", description = "Where runtimes write perf-<pid>.map.")
        String directory() default "/tmp";
    }

    private final PerfMapSource source;

    @Activate
    public PerfMapSymbolResolver(Config config) {
        this.source = new PerfMapSource(Path.of(config.directory()),
                System.getLogger(PerfMapSymbolResolver.class.getName()));
    }

    @Override
    public Optional<ModuleSymbols> load(ModuleRef module) {
        return source.load(module);
    }
}
