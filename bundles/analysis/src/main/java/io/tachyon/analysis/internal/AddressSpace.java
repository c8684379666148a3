package io.tachyon.analysis.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The modules mapped into one process (or the kernel) at the current point of a capture: non-overlapping
 * mappings sorted by start address (compared unsigned, as kernel addresses have the top bit set). A new
 * mapping replaces whatever it overlaps, as mmap over an existing range does.
 */
final class AddressSpace {

    private final List<MappedModule> mappings;
    /** Counts the changes, so that what was resolved in this space can tell whether it still holds. */
    private int generation;

    AddressSpace() {
        this.mappings = new ArrayList<>();
    }

    private AddressSpace(List<MappedModule> mappings) {
        this.mappings = new ArrayList<>(mappings);
    }

    /** A copy for a forked child: it starts with its parent's mappings and goes its own way. */
    AddressSpace copy() {
        return new AddressSpace(mappings);
    }

    /** Forgets every mapping: exec replaced the program. */
    void clear() {
        mappings.clear();
        generation++;
    }

    /** Changes with every {@link #map} and {@link #clear}. */
    int generation() {
        return generation;
    }

    void map(MappedModule mapping) {
        generation++;
        int i = Math.max(0, lastStartingAtOrBefore(mapping.start()));
        while (i < mappings.size() && Long.compareUnsigned(mappings.get(i).start(), mapping.end()) < 0) {
            MappedModule existing = mappings.get(i);
            if (Long.compareUnsigned(existing.end(), mapping.start()) <= 0) {
                i++;
                continue;
            }
            mappings.remove(i);
            if (Long.compareUnsigned(existing.start(), mapping.start()) < 0) {
                mappings.add(i++, existing.part(existing.start(), mapping.start()));
            }
            if (Long.compareUnsigned(mapping.end(), existing.end()) < 0) {
                mappings.add(i++, existing.part(mapping.end(), existing.end()));
            }
        }
        mappings.add(lastStartingAtOrBefore(mapping.start()) + 1, mapping);
    }

    /** The mapping containing {@code address}, or null when nothing is mapped there. */
    MappedModule find(long address) {
        int i = lastStartingAtOrBefore(address);
        if (i < 0) {
            return null;
        }
        MappedModule mapping = mappings.get(i);
        return mapping.contains(address) ? mapping : null;
    }

    /** Index of the last mapping whose start is at or below {@code address}, -1 when there is none. */
    private int lastStartingAtOrBefore(long address) {
        int low = 0;
        int high = mappings.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (Long.compareUnsigned(mappings.get(middle).start(), address) <= 0) {
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return high;
    }
}
