package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.SymbolResolver;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;

import java.util.Optional;

/** Names kernel addresses (the kernel image and loaded modules) from the running kernel's /proc/kallsyms. */
@Component(service = SymbolResolver.class, property = Constants.SERVICE_RANKING + ":Integer=0")
public final class KernelSymbolResolver implements SymbolResolver {

    private final KernelSymbolSource source =
            KernelSymbolSource.ofRunningKernel(System.getLogger(KernelSymbolResolver.class.getName()));

    @Override
    public Optional<ModuleSymbols> load(ModuleRef module) {
        return source.load(module);
    }
}
