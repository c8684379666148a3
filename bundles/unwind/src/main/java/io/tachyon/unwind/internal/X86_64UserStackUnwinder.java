package io.tachyon.unwind.internal;

import io.tachyon.api.unwind.ModuleLookup;
import io.tachyon.api.unwind.UserContext;
import io.tachyon.api.unwind.UserStackUnwinder;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The x86_64 {@link UserStackUnwinder}: .eh_frame CFI for the innermost frames, the kernel's chain beyond. */
@Component(service = UserStackUnwinder.class,
        property = UserStackUnwinder.ARCHITECTURE_PROPERTY + "=" + UserContext.X86_64)
@Designate(ocd = X86_64UserStackUnwinder.Config.class)
public final class X86_64UserStackUnwinder implements UserStackUnwinder {

    @ObjectClassDefinition(name = "Tachyon x86_64 stack unwinder",
            description = "Unwinds user stacks with the .eh_frame CFI of the mapped files.")
    public @interface Config {
        @AttributeDefinition(name = "Module cache size", min = "1",
                description = "How many files' unwind tables are kept parsed.")
        int cacheSize() default 256;
    }

    private final X86_64HybridUnwinder unwinder;

    @Activate
    public X86_64UserStackUnwinder(Config config) {
        this.unwinder = new X86_64HybridUnwinder(new UnwindTableCache(config.cacheSize(), ElfUnwindImage.EM_X86_64,
                System.getLogger(X86_64UserStackUnwinder.class.getName())));
    }

    @Override
    public long[] unwind(UserContext context, ModuleLookup modules, long[] framePointerChain) {
        return unwinder.unwind(context, modules, framePointerChain);
    }
}
