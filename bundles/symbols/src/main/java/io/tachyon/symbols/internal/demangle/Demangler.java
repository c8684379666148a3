package io.tachyon.symbols.internal.demangle;

/**
 * Turns mangled symbol names into the names people read, as GNU binutils does for {@code nm -C} and
 * {@code addr2line -C}: Rust (v0 {@code _R...}, and legacy {@code _ZN...17h<hash>E} with the hash hidden) first,
 * then C++ (Itanium ABI, with parameter types). Anything else, or a name that breaks its grammar, comes back as it
 * was. Thread-safe and never throws.
 */
public final class Demangler {

    private Demangler() {
    }

    /** The display name of {@code name}; {@code name} itself when it is not a mangled name this knows. */
    public static String demangle(String name) {
        if (name.length() < 3 || (name.charAt(0) != '_' && name.charAt(0) != '.')) {
            return name;
        }
        // A symbol version ("_ZNSs4_Rep...@GLIBCXX_3.4") stays as it is after the demangled name, as binutils keeps it.
        int at = name.indexOf('@');
        if (at > 0) {
            String base = demangleUnversioned(name.substring(0, at));
            return base + name.substring(at);
        }
        return demangleUnversioned(name);
    }

    private static String demangleUnversioned(String name) {
        String rust = RustDemangler.demangle(name);
        if (rust != null) {
            return rust;
        }
        String cxx = ItaniumDemangler.demangle(name);
        return cxx != null ? cxx : name;
    }
}
