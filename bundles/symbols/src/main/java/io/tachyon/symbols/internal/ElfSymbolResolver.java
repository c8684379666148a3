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

import java.util.Optional;

/** Names user-space addresses from the .symtab and .dynsym of the module files on this machine. */
@Component(service = SymbolResolver.class, property = Constants.SERVICE_RANKING + ":Integer=0")
@Designate(ocd = ElfSymbolResolver.Config.class)
public final class ElfSymbolResolver implements SymbolResolver {

    @ObjectClassDefinition(name = "Tachyon ELF symbol resolver",
            description = "Function names from the ELF symbol tables of mapped files.")
    public @interface Config {
        @AttributeDefinition(name = "Module cache size", min = "1",
                description = "How many modules' symbol tables are kept loaded.")
        int cacheSize() default 256;
    }

    private final ElfModuleCache cache;

    @Activate
    public ElfSymbolResolver(Config config) {
        this.cache = new ElfModuleCache(config.cacheSize(), System.getLogger(ElfSymbolResolver.class.getName()));
    }

    @Override
    public Optional<ModuleSymbols> load(ModuleRef module) {
        return cache.load(module);
    }
}
