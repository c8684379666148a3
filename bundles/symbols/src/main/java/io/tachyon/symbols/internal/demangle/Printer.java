package io.tachyon.symbols.internal.demangle;

/** Output of a demangled name, with the state that printing a pack expansion needs. */
final class Printer {

    private final StringBuilder out;
    /** The element of the argument pack being expanded, or -1 outside a pack expansion. */
    int packIndex = -1;
    /** Guards against substitution cycles in malformed names. */
    private int depth;
    /** The template arguments of the functions being printed, innermost first; T_ names the first's. */
    private final java.util.ArrayDeque<java.util.List<Node>> templates;

    /** @param capacity the expected length of the output */
    Printer(int capacity) {
        this.out = new StringBuilder(capacity);
        // Small: most names nest a template or two, and a printer is made for every name demangled.
        this.templates = new java.util.ArrayDeque<>(4);
    }

    boolean inLambdaParameters() {
        return lambdaParameters > 0;
    }

    void enterLambdaParameters() {
        lambdaParameters++;
    }

    void leaveLambdaParameters() {
        lambdaParameters--;
    }

    /**
     * libiberty prints a reference to a template parameter met again through a substitution with the templates in
     * scope where it was first printed (so {@code T_&} of an inner function keeps meaning that function's T_). Returns
     * what {@link #leaveReference} restores, or null.
     */
    Object enterReference(Node.Indirection reference) {
        if (!reference.symbol.startsWith("&") || !(reference.pointee instanceof Node.TemplateParam)
                || inLambdaParameters()) {
            return null;
        }
        java.util.List<java.util.List<Node>> saved = savedScopes == null ? null : savedScopes.get(reference.pointee);
        if (saved == null) {
            if (savedScopes == null) {
                savedScopes = new java.util.IdentityHashMap<>();
            }
            savedScopes.put(reference.pointee, new java.util.ArrayList<>(templates));
            return null;
        }
        java.util.List<java.util.List<Node>> current = new java.util.ArrayList<>(templates);
        templates.clear();
        templates.addAll(saved);
        return current;
    }

    @SuppressWarnings("unchecked")
    void leaveReference(Object restore) {
        if (restore != null) {
            templates.clear();
            templates.addAll((java.util.List<java.util.List<Node>>) restore);
        }
    }

    /**
     * Per template parameter under a reference: the template stack it was first printed with. Made on its first
     * entry: few names have such a reference, and an empty identity map would be the largest allocation of a printer.
     */
    private java.util.Map<Node, java.util.List<java.util.List<Node>>> savedScopes;
    private int lambdaParameters;

    java.util.List<Node> templates() {
        return templates.peek();
    }

    void pushTemplates(java.util.List<Node> args) {
        templates.push(args);
    }

    void popTemplates() {
        templates.pop();
    }

    /**
     * What {@link #last()} reports instead of the real last character: libiberty removes the ", " before an empty
     * argument pack but still remembers the space as its last character, which decides whether "> >" gets a space.
     */
    private char lastOverride;

    Printer append(String text) {
        if (!text.isEmpty()) {
            lastOverride = 0;
        }
        out.append(text);
        return this;
    }

    /** Characters {@code start} to {@code end} of {@code text}. */
    Printer append(String text, int start, int end) {
        if (start < end) {
            lastOverride = 0;
        }
        out.append(text, start, end);
        return this;
    }

    Printer append(char c) {
        lastOverride = 0;
        out.append(c);
        return this;
    }

    char last() {
        if (lastOverride != 0) {
            return lastOverride;
        }
        return out.isEmpty() ? '\0' : out.charAt(out.length() - 1);
    }

    void pretendLast(char c) {
        lastOverride = c;
    }

    /** The character {@link #pretendLast} set, or 0. */
    char pretendedLast() {
        return lastOverride;
    }

    int length() {
        return out.length();
    }

    /** Takes back what was printed after the first {@code length} characters. */
    void truncate(int length) {
        out.setLength(length);
    }

    void enter() {
        if (++depth > 512) {
            throw new DemangleException("the name nests too deeply to print");
        }
    }

    void leave() {
        depth--;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
