package io.tachyon.perf.internal;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.ThreadExit;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadStart;
import io.tachyon.api.unwind.ModuleLookup;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The current executable mappings of every recorded process, for the stack unwinder: kept up to date from the
 * events in record order — mappings (MMAP/MMAP2 records and the /proc snapshot) are added, a new process (fork)
 * starts with a copy of its parent's, a process that executes a new program or whose main thread exits has
 * none. Not thread-safe: one decoding thread observes and looks up.
 */
final class ProcessModules {

    private static final ModuleLookup NONE = address -> null;

    private final Map<Integer, TreeMap<Long, ModuleMapping>> byPid = new HashMap<>();

    /** Updates the mappings from one event; events that do not change mappings are ignored. */
    void observe(CaptureEvent event) {
        if (event instanceof ModuleMapping mapping) {
            if (mapping.pid() != ModuleMapping.KERNEL_PID) {
                add(mapping);
            }
        } else if (event instanceof ThreadStart start) {
            if (start.pid() != start.parentPid()) {
                TreeMap<Long, ModuleMapping> parent = byPid.get(start.parentPid());
                if (parent == null) {
                    byPid.remove(start.pid());
                } else {
                    byPid.put(start.pid(), new TreeMap<>(parent));
                }
            }
        } else if (event instanceof ThreadName name) {
            if (name.exec()) {
                byPid.remove(name.pid());
            }
        } else if (event instanceof ThreadExit exit && exit.pid() == exit.tid()) {
            byPid.remove(exit.pid());
        }
    }

    /** The mappings of {@code pid} as they are now; the lookup sees later changes too. */
    ModuleLookup of(int pid) {
        TreeMap<Long, ModuleMapping> mappings = byPid.get(pid);
        if (mappings == null) {
            return NONE;
        }
        return address -> {
            Map.Entry<Long, ModuleMapping> floor = mappings.floorEntry(address);
            if (floor == null) {
                return null;
            }
            ModuleMapping mapping = floor.getValue();
            return Long.compareUnsigned(address - mapping.start(), mapping.length()) < 0 ? mapping : null;
        };
    }

    /** A new mapping hides the older ones that begin inside it (a floor lookup finds it before any that end in it). */
    private void add(ModuleMapping mapping) {
        TreeMap<Long, ModuleMapping> mappings = byPid.computeIfAbsent(mapping.pid(), pid -> new TreeMap<>());
        long end = mapping.start() + mapping.length();
        if (Long.compareUnsigned(end, mapping.start()) > 0) {
            mappings.subMap(mapping.start(), true, end, false).clear();
        }
        mappings.put(mapping.start(), mapping);
    }
}
