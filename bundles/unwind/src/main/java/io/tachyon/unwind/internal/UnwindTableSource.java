package io.tachyon.unwind.internal;

import io.tachyon.api.event.ModuleMapping;

/** Where the unwinder gets the tables of a mapped file. */
@FunctionalInterface
interface UnwindTableSource {

    /** The tables of the file {@code mapping} maps, or null when there are none to use. */
    ModuleUnwindTables tablesFor(ModuleMapping mapping);
}
