package io.tachyon.symbols.debuginfod.internal;

import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.SymbolFileReader;
import io.tachyon.api.symbols.SymbolResolver;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Names user-space modules whose debug information is not on this machine, from debuginfod servers. Ranked above
 * the local ELF resolver so that it is asked first, it serves only modules with a build-id and no local DWARF
 * (so an installed debug package wins, and a machine without servers loses nothing), and reads what it fetched
 * through the symbols bundle's {@link SymbolFileReader}.
 */
@Component(service = SymbolResolver.class, property = Constants.SERVICE_RANKING + ":Integer=100")
@Designate(ocd = DebuginfodSymbolResolver.Config.class)
public final class DebuginfodSymbolResolver implements SymbolResolver {

    @ObjectClassDefinition(name = "Tachyon debuginfod resolver",
            description = "Fetches debug files by build-id from debuginfod servers.")
    public @interface Config {
        @AttributeDefinition(name = "Server URLs",
                description = "Space-separated debuginfod URLs; empty uses the DEBUGINFOD_URLS environment variable.")
        String urls() default "";

        @AttributeDefinition(name = "Cache directory", description = "Where fetched files are kept; empty uses "
                + "DEBUGINFOD_CACHE_PATH, else $XDG_CACHE_HOME/debuginfod_client, else ~/.cache/debuginfod_client.")
        String cacheDirectory() default "";

        @AttributeDefinition(name = "Timeout (seconds)", min = "1", description = "Per request.")
        int timeoutSeconds() default 30;
    }

    private final DebuginfodModules modules;

    @Activate
    public DebuginfodSymbolResolver(@Reference SymbolFileReader reader, Config config) {
        System.Logger logger = System.getLogger(DebuginfodSymbolResolver.class.getName());
        String urls = config.urls().isBlank() ? System.getenv("DEBUGINFOD_URLS") : config.urls();
        Path cache = config.cacheDirectory().isBlank() ? DebuginfodClient.defaultCache(System.getenv())
                : Path.of(config.cacheDirectory());
        this.modules = new DebuginfodModules(new DebuginfodClient(DebuginfodClient.serversOf(urls, logger), cache,
                Duration.ofSeconds(config.timeoutSeconds()), logger), reader);
    }

    @Override
    public Optional<ModuleSymbols> load(ModuleRef module) {
        return modules.load(module);
    }
}
