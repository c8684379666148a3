package io.tachyon.analysis.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The address space of each process by pid, without boxing: every sample, switch and wake-up looks one up.
 */
final class AddressSpaces {

    private final LongIntHashMap indexes = new LongIntHashMap();
    private final List<AddressSpace> spaces = new ArrayList<>();

    /** The process's address space, or null when nothing was mapped into it yet. */
    AddressSpace get(int pid) {
        int index = indexes.get(pid);
        return index == LongIntHashMap.MISSING ? null : spaces.get(index);
    }

    /** The process's address space, made empty when it has none yet. */
    AddressSpace getOrCreate(int pid) {
        AddressSpace space = get(pid);
        if (space == null) {
            space = new AddressSpace();
            put(pid, space);
        }
        return space;
    }

    void put(int pid, AddressSpace space) {
        int index = indexes.get(pid);
        if (index == LongIntHashMap.MISSING) {
            indexes.put(pid, spaces.size());
            spaces.add(space);
        } else {
            spaces.set(index, space);
        }
    }
}
