package io.tachyon.analysis.internal;

import io.tachyon.api.symbols.ModuleRef;

/**
 * A module mapped at {@code [start, end)} of an address space (unsigned addresses), {@code fileOffset}
 * being the offset in the file of the byte at {@code start}.
 */
record MappedModule(long start, long end, long fileOffset, ModuleEntry module) {

    boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
    }

    /** The address as the module's symbols know it: a file offset for user files, itself for the kernel. */
    long moduleAddress(long address) {
        // Files are looked up by file offset; the kernel and JIT code by the address itself.
        return module.ref().kind() == ModuleRef.Kind.USER ? address - start + fileOffset : address;
    }

    /** The part {@code [from, to)} of this mapping, with the file offset moved along. */
    MappedModule part(long from, long to) {
        return new MappedModule(from, to, fileOffset + (from - start), module);
    }
}
