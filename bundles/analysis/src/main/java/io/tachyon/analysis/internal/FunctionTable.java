package io.tachyon.analysis.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every function a stack frame resolved to. A function is one symbol of one module: two static
 * functions of the same name in one library stay apart because their addresses differ. Immutable;
 * built by {@link Builder}.
 */
final class FunctionTable {

    private final String[] names;
    private final String[] moduleNames;

    private FunctionTable(String[] names, String[] moduleNames) {
        this.names = names;
        this.moduleNames = moduleNames;
    }

    int size() {
        return names.length;
    }

    String name(int function) {
        return names[function];
    }

    /** The file name of the function's module. */
    String moduleName(int function) {
        return moduleNames[function];
    }

    static final class Builder {

        private record Key(int module, long address, String name) {
        }

        private final Map<Key, Integer> index = new HashMap<>();
        private final List<String> names = new ArrayList<>();
        private final List<String> moduleNames = new ArrayList<>();

        /**
         * The index of the function {@code name} at {@code address} in the module with id {@code module}
         * (file name {@code moduleName}), added when it is new.
         */
        int intern(int module, String moduleName, long address, String name) {
            return index.computeIfAbsent(new Key(module, address, name), key -> {
                names.add(name);
                moduleNames.add(moduleName);
                return names.size() - 1;
            });
        }

        FunctionTable build() {
            return new FunctionTable(names.toArray(new String[0]), moduleNames.toArray(new String[0]));
        }
    }
}
