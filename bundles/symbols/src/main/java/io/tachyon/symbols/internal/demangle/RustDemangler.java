package io.tachyon.symbols.internal.demangle;

/**
 * Demangles Rust symbol names: the legacy scheme (Itanium-shaped {@code _ZN...17h<hash>E}, hash hidden) and v0
 * ({@code _R...}, RFC 2603), into the text GNU libiberty prints without {@code DMGL_VERBOSE} (as {@code nm -C} and
 * {@code addr2line -C} do): crate disambiguators hidden, closures as {@code {closure#N}}, a {@code .llvm.*} suffix
 * dropped. One instance demangles one name.
 */
final class RustDemangler {

    private static final int MAX_DEPTH = 500;

    private final String sym;
    private final int end;
    private int next;
    private final StringBuilder out = new StringBuilder();
    private boolean skipping;
    private int boundLifetimeDepth;
    private int depth;

    private RustDemangler(String sym, int end) {
        this.sym = sym;
        this.end = end;
    }

    /** The demangled name, or null when {@code mangled} is not a Rust symbol. */
    static String demangle(String mangled) {
        try {
            if (mangled.startsWith("_R")) {
                return demangleV0(mangled.substring(2));
            }
            if (mangled.startsWith("_ZN") && mayBeLegacy(mangled)) {
                return demangleLegacy(mangled.substring(3));
            }
            return null;
        } catch (DemangleException | IndexOutOfBoundsException | NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static String demangleV0(String sym) {
        if (sym.isEmpty() || !Character.isUpperCase(sym.charAt(0))) {
            return null;
        }
        int end = 0;
        while (end < sym.length() && sym.charAt(end) != '.') {
            char c = sym.charAt(end);
            if (c != '_' && !isAsciiAlphanumeric(c)) {
                return null;
            }
            end++;
        }
        RustDemangler d = new RustDemangler(sym, end);
        d.path(true);
        if (d.next < end) {
            d.skipping = true;
            d.path(false);
        }
        return d.next == end ? d.out.toString() : null;
    }

    /**
     * Whether {@code mangled} ends its path with a legacy hash ("17h" and 16 hex digits) and 'E', before any ".suffix"
     * the compiler added: checked before anything else, since nearly every _ZN name is C++ and fails here.
     */
    private static boolean mayBeLegacy(String mangled) {
        int end = legacyPathEnd(mangled);
        return end > 22 && mangled.startsWith("17h", end - 19);
    }

    /** Where the path's closing 'E' is: the last character, or the last 'E' before a ".suffix"; -1 when none. */
    private static int legacyPathEnd(String sym) {
        return sym.endsWith("E") ? sym.length() - 1 : sym.lastIndexOf("E.");
    }

    /** {@code sym} is a name after its "_ZN" whose hash suffix {@link #mayBeLegacy} found. */
    private static String demangleLegacy(String sym) {
        int length = legacyPathEnd(sym);
        for (int i = 0; i < sym.length(); i++) {
            char c = sym.charAt(i);
            if (c != '_' && !isAsciiAlphanumeric(c) && "$.:@".indexOf(c) < 0) {
                return null;
            }
        }
        RustDemangler d = new RustDemangler(sym, length);
        String last = null;
        do {
            last = d.legacyIdent();
        } while (d.next < length);
        if (!isLegacyHash(last)) {
            return null;
        }
        RustDemangler printer = new RustDemangler(sym, length - 19);
        while (printer.next < printer.end) {
            if (printer.next > 0) {
                printer.out.append("::");
            }
            printer.printLegacyIdent(printer.legacyIdent());
        }
        return printer.out.toString();
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** "h" and 16 lowercase hex digits, at least 5 of them distinct (what a real hash has). */
    private static boolean isLegacyHash(String ident) {
        if (ident == null || ident.length() != 17 || ident.charAt(0) != 'h') {
            return false;
        }
        int seen = 0;
        for (int i = 1; i < 17; i++) {
            int digit = Character.digit(ident.charAt(i), 16);
            if (digit < 0 || Character.isUpperCase(ident.charAt(i))) {
                return false;
            }
            seen |= 1 << digit;
        }
        return Integer.bitCount(seen) >= 5;
    }

    private String legacyIdent() {
        int length = decimal();
        if (length > end - next) {
            throw new DemangleException("identifier runs past the end");
        }
        String ident = sym.substring(next, next + length);
        next += length;
        return ident;
    }

    private void printLegacyIdent(String ident) {
        String rest = ident.length() >= 2 && ident.startsWith("_$") ? ident.substring(1) : ident;
        while (!rest.isEmpty()) {
            char c = rest.charAt(0);
            if (c == '$') {
                int close = rest.indexOf('$', 1);
                String decoded = close < 0 ? null : legacyEscape(rest.substring(1, close));
                if (decoded == null) {
                    out.append(rest);
                    return;
                }
                out.append(decoded);
                rest = rest.substring(close + 1);
            } else if (c == '.') {
                if (rest.startsWith("..")) {
                    out.append("::");
                    rest = rest.substring(2);
                } else {
                    out.append('.');
                    rest = rest.substring(1);
                }
            } else {
                int stop = 0;
                while (stop < rest.length() && rest.charAt(stop) != '$' && rest.charAt(stop) != '.') {
                    stop++;
                }
                out.append(rest, 0, stop);
                rest = rest.substring(stop);
            }
        }
    }

    private static String legacyEscape(String code) {
        switch (code) {
            case "SP": return "@";
            case "BP": return "*";
            case "RF": return "&";
            case "LT": return "<";
            case "GT": return ">";
            case "LP": return "(";
            case "RP": return ")";
            case "C": return ",";
            default:
                if (code.length() > 1 && code.charAt(0) == 'u') {
                    try {
                        int codePoint = Integer.parseInt(code.substring(1), 16);
                        return Character.isValidCodePoint(codePoint) ? new String(Character.toChars(codePoint)) : null;
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                return null;
        }
    }

    // ---- v0 ----

    private char peek() {
        return next < end ? sym.charAt(next) : '\0';
    }

    private char take() {
        if (next >= end) {
            throw new DemangleException("unexpected end of " + sym);
        }
        return sym.charAt(next++);
    }

    private boolean eat(char c) {
        if (peek() == c) {
            next++;
            return true;
        }
        return false;
    }

    private void print(String text) {
        if (!skipping) {
            out.append(text);
        }
    }

    private int decimal() {
        char c = peek();
        if (c < '0' || c > '9') {
            throw new DemangleException("expected a decimal number at " + next + " of " + sym);
        }
        next++;
        long value = c - '0';
        if (c != '0') {
            while (peek() >= '0' && peek() <= '9') {
                value = value * 10 + (take() - '0');
                if (value > Integer.MAX_VALUE) {
                    throw new DemangleException("number too large");
                }
            }
        }
        return (int) value;
    }

    private long integer62() {
        if (eat('_')) {
            return 0;
        }
        long x = 0;
        while (!eat('_')) {
            char c = take();
            int digit;
            if (c >= '0' && c <= '9') {
                digit = c - '0';
            } else if (c >= 'a' && c <= 'z') {
                digit = 10 + c - 'a';
            } else if (c >= 'A' && c <= 'Z') {
                digit = 36 + c - 'A';
            } else {
                throw new DemangleException("bad base-62 digit " + c);
            }
            // Disambiguators are 64-bit hashes: wrap like the reference implementation's uint64_t.
            x = x * 62 + digit;
        }
        return x + 1;
    }

    private long optionalInteger62(char tag) {
        return eat(tag) ? integer62() + 1 : 0;
    }

    private int backref() {
        int start = next - 1;
        long target = integer62();
        if (target < 0 || target >= start) {
            throw new DemangleException("backref does not point backwards");
        }
        return (int) target;
    }

    private record Ident(String ascii, String punycode) {
        boolean isEmpty() {
            return ascii.isEmpty() && punycode.isEmpty();
        }
    }

    private Ident ident() {
        boolean punycode = eat('u');
        int length = decimal();
        eat('_');
        if (length > end - next) {
            throw new DemangleException("identifier runs past the end");
        }
        String text = sym.substring(next, next + length);
        next += length;
        if (!punycode) {
            return new Ident(text, "");
        }
        int split = text.lastIndexOf('_');
        return split < 0 ? new Ident("", text) : new Ident(text.substring(0, split), text.substring(split + 1));
    }

    private void printIdent(Ident ident) {
        if (skipping) {
            return;
        }
        out.append(ident.punycode.isEmpty() ? ident.ascii : Punycode.decode(ident.ascii, ident.punycode));
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new DemangleException("symbol nests too deeply");
        }
    }

    private void path(boolean inValue) {
        enter();
        char tag = take();
        switch (tag) {
            case 'C' -> {
                optionalInteger62('s');
                printIdent(ident());
            }
            case 'N' -> {
                char ns = take();
                if (!Character.isLetter(ns)) {
                    throw new DemangleException("bad namespace " + ns);
                }
                path(inValue);
                long disambiguator = optionalInteger62('s');
                Ident name = ident();
                if (Character.isUpperCase(ns)) {
                    print("::{");
                    print(ns == 'C' ? "closure" : ns == 'S' ? "shim" : String.valueOf(ns));
                    if (!name.isEmpty()) {
                        print(":");
                        printIdent(name);
                    }
                    print("#" + Long.toUnsignedString(disambiguator) + "}");
                } else if (!name.isEmpty()) {
                    print("::");
                    printIdent(name);
                }
            }
            case 'M', 'X', 'Y' -> {
                if (tag != 'Y') {
                    optionalInteger62('s');
                    boolean was = skipping;
                    skipping = true;
                    path(inValue);
                    skipping = was;
                }
                print("<");
                type();
                if (tag != 'M') {
                    print(" as ");
                    path(false);
                }
                print(">");
            }
            case 'I' -> {
                path(inValue);
                if (inValue) {
                    print("::");
                }
                print("<");
                for (int i = 0; !eat('E'); i++) {
                    if (i > 0) {
                        print(", ");
                    }
                    genericArg();
                }
                print(">");
            }
            case 'B' -> {
                int target = backref();
                if (!skipping) {
                    int saved = next;
                    next = target;
                    path(inValue);
                    next = saved;
                }
            }
            default -> throw new DemangleException("bad path tag " + tag);
        }
        depth--;
    }

    private void genericArg() {
        if (eat('L')) {
            printLifetime(integer62());
        } else if (eat('K')) {
            constant();
        } else {
            type();
        }
    }

    private void printLifetime(long index) {
        print("'");
        if (index == 0) {
            print("_");
            return;
        }
        long depthOfLifetime = boundLifetimeDepth - index;
        if (depthOfLifetime >= 0 && depthOfLifetime < 26) {
            print(String.valueOf((char) ('a' + depthOfLifetime)));
        } else {
            print("_" + depthOfLifetime);
        }
    }

    private void binder() {
        long bound = optionalInteger62('G');
        if (bound > 0) {
            print("for<");
            for (long i = 0; i < bound; i++) {
                if (i > 0) {
                    print(", ");
                }
                boundLifetimeDepth++;
                printLifetime(1);
            }
            print("> ");
        }
    }

    private static String basicType(char tag) {
        return switch (tag) {
            case 'a' -> "i8";
            case 'b' -> "bool";
            case 'c' -> "char";
            case 'd' -> "f64";
            case 'e' -> "str";
            case 'f' -> "f32";
            case 'h' -> "u8";
            case 'i' -> "isize";
            case 'j' -> "usize";
            case 'l' -> "i32";
            case 'm' -> "u32";
            case 'n' -> "i128";
            case 'o' -> "u128";
            case 'p' -> "_";
            case 's' -> "i16";
            case 't' -> "u16";
            case 'u' -> "()";
            case 'v' -> "...";
            case 'x' -> "i64";
            case 'y' -> "u64";
            case 'z' -> "!";
            default -> null;
        };
    }

    private void type() {
        enter();
        char tag = take();
        String basic = basicType(tag);
        if (basic != null) {
            print(basic);
            depth--;
            return;
        }
        switch (tag) {
            case 'R', 'Q' -> {
                print("&");
                if (eat('L')) {
                    long lifetime = integer62();
                    if (lifetime != 0) {
                        printLifetime(lifetime);
                        print(" ");
                    }
                }
                if (tag != 'R') {
                    print("mut ");
                }
                type();
            }
            case 'P', 'O' -> {
                print(tag == 'P' ? "*const " : "*mut ");
                type();
            }
            case 'A', 'S' -> {
                print("[");
                type();
                if (tag == 'A') {
                    print("; ");
                    constant();
                }
                print("]");
            }
            case 'T' -> {
                print("(");
                int i = 0;
                for (; !eat('E'); i++) {
                    if (i > 0) {
                        print(", ");
                    }
                    type();
                }
                if (i == 1) {
                    print(",");
                }
                print(")");
            }
            case 'F' -> {
                int saved = boundLifetimeDepth;
                binder();
                if (eat('U')) {
                    print("unsafe ");
                }
                if (eat('K')) {
                    String abi;
                    if (eat('C')) {
                        abi = "C";
                    } else {
                        Ident ident = ident();
                        if (ident.ascii.isEmpty() || !ident.punycode.isEmpty()) {
                            throw new DemangleException("bad ABI");
                        }
                        abi = ident.ascii.replace('_', '-');
                    }
                    print("extern \"" + abi + "\" ");
                }
                print("fn(");
                for (int i = 0; !eat('E'); i++) {
                    if (i > 0) {
                        print(", ");
                    }
                    type();
                }
                print(")");
                if (!eat('u')) {
                    print(" -> ");
                    type();
                }
                boundLifetimeDepth = saved;
            }
            case 'D' -> {
                print("dyn ");
                int saved = boundLifetimeDepth;
                binder();
                for (int i = 0; !eat('E'); i++) {
                    if (i > 0) {
                        print(" + ");
                    }
                    dynTrait();
                }
                boundLifetimeDepth = saved;
                if (!eat('L')) {
                    throw new DemangleException("expected a lifetime after dyn bounds");
                }
                long lifetime = integer62();
                if (lifetime != 0) {
                    print(" + ");
                    printLifetime(lifetime);
                }
            }
            case 'B' -> {
                int target = backref();
                if (!skipping) {
                    int saved = next;
                    next = target;
                    type();
                    next = saved;
                }
            }
            default -> {
                next--;
                path(false);
            }
        }
        depth--;
    }

    private void dynTrait() {
        boolean open = pathMaybeOpenGenerics();
        while (eat('p')) {
            print(open ? ", " : "<");
            open = true;
            printIdent(ident());
            print(" = ");
            type();
        }
        if (open) {
            print(">");
        }
    }

    private boolean pathMaybeOpenGenerics() {
        enter();
        boolean open = false;
        if (eat('B')) {
            int target = backref();
            if (!skipping) {
                int saved = next;
                next = target;
                open = pathMaybeOpenGenerics();
                next = saved;
            }
        } else if (eat('I')) {
            path(false);
            print("<");
            open = true;
            for (int i = 0; !eat('E'); i++) {
                if (i > 0) {
                    print(", ");
                }
                genericArg();
            }
        } else {
            path(false);
        }
        depth--;
        return open;
    }

    private void constant() {
        enter();
        if (eat('B')) {
            int target = backref();
            if (!skipping) {
                int saved = next;
                next = target;
                constant();
                next = saved;
            }
            depth--;
            return;
        }
        char tag = take();
        switch (tag) {
            case 'p' -> print("_");
            case 'h', 't', 'm', 'y', 'o', 'j' -> constUnsigned();
            case 'a', 's', 'l', 'x', 'n', 'i' -> {
                if (eat('n')) {
                    print("-");
                }
                constUnsigned();
            }
            case 'b' -> {
                String hex = hexNibbles();
                if (hex.equals("0")) {
                    print("false");
                } else if (hex.equals("1")) {
                    print("true");
                } else {
                    throw new DemangleException("bad bool constant");
                }
            }
            case 'c' -> {
                String hex = hexNibbles();
                int codePoint = hex.length() > 6 ? -1 : Integer.parseInt(hex, 16);
                if (!Character.isValidCodePoint(codePoint)) {
                    throw new DemangleException("bad char constant");
                }
                print("'" + escapeChar(codePoint) + "'");
            }
            default -> throw new DemangleException("bad constant type " + tag);
        }
        depth--;
    }

    private static String escapeChar(int codePoint) {
        return switch (codePoint) {
            case '\t' -> "\\t";
            case '\r' -> "\\r";
            case '\n' -> "\\n";
            case '\\' -> "\\\\";
            case '\'' -> "\\'";
            default -> codePoint >= 0x20 && codePoint < 0x7f ? String.valueOf((char) codePoint)
                    : "\\u{" + Integer.toHexString(codePoint) + "}";
        };
    }

    private String hexNibbles() {
        int start = next;
        while (!eat('_')) {
            char c = take();
            if (Character.digit(c, 16) < 0 || Character.isUpperCase(c)) {
                throw new DemangleException("bad hex digit " + c);
            }
        }
        String hex = sym.substring(start, next - 1);
        return hex.isEmpty() ? "0" : hex;
    }

    private void constUnsigned() {
        String hex = hexNibbles();
        String trimmed = hex.replaceFirst("^0+(?=.)", "");
        if (trimmed.length() > 16) {
            print("0x" + hex);
        } else {
            print(Long.toUnsignedString(Long.parseUnsignedLong(trimmed, 16)));
        }
    }

    /** RFC 3492 decoding, with Rust's convention that '_' stands in for '-' in the basic part. */
    static final class Punycode {
        private Punycode() {
        }

        static String decode(String basic, String encoded) {
            StringBuilder output = new StringBuilder(basic);
            int[] codePoints = basic.codePoints().toArray();
            java.util.List<Integer> points = new java.util.ArrayList<>();
            for (int cp : codePoints) {
                points.add(cp);
            }
            int n = 128;
            int i = 0;
            int bias = 72;
            int position = 0;
            while (position < encoded.length()) {
                int oldI = i;
                int w = 1;
                for (int k = 36; ; k += 36) {
                    if (position >= encoded.length()) {
                        throw new DemangleException("truncated punycode");
                    }
                    char c = encoded.charAt(position++);
                    int digit = c >= 'a' && c <= 'z' ? c - 'a' : c >= '0' && c <= '9' ? c - '0' + 26 : -1;
                    if (digit < 0) {
                        throw new DemangleException("bad punycode digit " + c);
                    }
                    i = Math.addExact(i, Math.multiplyExact(digit, w));
                    int t = k <= bias ? 1 : Math.min(k - bias, 26);
                    if (digit < t) {
                        break;
                    }
                    w = Math.multiplyExact(w, 36 - t);
                }
                int length = points.size() + 1;
                bias = adapt(i - oldI, length, oldI == 0);
                n = Math.addExact(n, i / length);
                i %= length;
                if (!Character.isValidCodePoint(n)) {
                    throw new DemangleException("bad punycode code point");
                }
                points.add(i, n);
                i++;
            }
            output.setLength(0);
            for (int cp : points) {
                output.appendCodePoint(cp);
            }
            return output.toString();
        }

        private static int adapt(int delta, int length, boolean first) {
            delta = first ? delta / 700 : delta / 2;
            delta += delta / length;
            int k = 0;
            while (delta > ((36 - 1) * 26) / 2) {
                delta /= 36 - 1;
                k += 36;
            }
            return k + (36 * delta) / (delta + 38);
        }
    }
}
