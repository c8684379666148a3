package io.tachyon.unwind.internal;

import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.unwind.ModuleLookup;

import java.util.ArrayList;
import java.util.List;

/** The file mappings of a {@code /proc/<pid>/maps} text, as the collector would track them. */
final class ProcessMaps implements ModuleLookup {

    private final List<ModuleMapping> mappings;

    private ProcessMaps(List<ModuleMapping> mappings) {
        this.mappings = mappings;
    }

    static ProcessMaps parse(String maps) {
        List<ModuleMapping> mappings = new ArrayList<>();
        for (String line : maps.split("\n")) {
            String[] fields = line.trim().split("\\s+", 6);
            if (fields.length < 6 || fields[1].charAt(2) != 'x') {
                continue;
            }
            String[] range = fields[0].split("-");
            long start = Long.parseUnsignedLong(range[0], 16);
            long end = Long.parseUnsignedLong(range[1], 16);
            mappings.add(new ModuleMapping(0, 1, 1, start, end - start, Long.parseUnsignedLong(fields[2], 16),
                    fields[5], null));
        }
        return new ProcessMaps(List.copyOf(mappings));
    }

    @Override
    public ModuleMapping mappingAt(long address) {
        for (ModuleMapping mapping : mappings) {
            if (mapping.contains(address)) {
                return mapping;
            }
        }
        return null;
    }
}
