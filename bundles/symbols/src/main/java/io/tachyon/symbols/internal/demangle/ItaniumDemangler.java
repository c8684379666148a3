package io.tachyon.symbols.internal.demangle;

import io.tachyon.symbols.internal.demangle.Node.ArgPack;
import io.tachyon.symbols.internal.demangle.Node.Builtin;
import io.tachyon.symbols.internal.demangle.Node.LiteralStyle;
import io.tachyon.symbols.internal.demangle.Node.Name;
import io.tachyon.symbols.internal.demangle.Node.TemplateArgs;
import io.tachyon.symbols.internal.demangle.Node.TemplateScope;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Demangles C++ names of the Itanium ABI (GCC, Clang) into the text GNU libiberty prints without
 * {@code DMGL_VERBOSE} (as {@code nm -C} and {@code addr2line -C} do). One instance parses one name.
 *
 * <p>Substitution candidates are recorded exactly where the ABI says (prefixes, template prefixes, non-builtin
 * types), since every later {@code S<n>_} counts on their order.
 */
final class ItaniumDemangler {

    private static final Map<Character, Builtin> BUILTINS = Map.ofEntries(
            Map.entry('v', new Builtin("void", LiteralStyle.OTHER)),
            Map.entry('w', new Builtin("wchar_t", LiteralStyle.OTHER)),
            Map.entry('b', new Builtin("bool", LiteralStyle.BOOL)),
            Map.entry('c', new Builtin("char", LiteralStyle.OTHER)),
            Map.entry('a', new Builtin("signed char", LiteralStyle.OTHER)),
            Map.entry('h', new Builtin("unsigned char", LiteralStyle.OTHER)),
            Map.entry('s', new Builtin("short", LiteralStyle.OTHER)),
            Map.entry('t', new Builtin("unsigned short", LiteralStyle.OTHER)),
            Map.entry('i', new Builtin("int", LiteralStyle.INT)),
            Map.entry('j', new Builtin("unsigned int", LiteralStyle.UNSIGNED)),
            Map.entry('l', new Builtin("long", LiteralStyle.LONG)),
            Map.entry('m', new Builtin("unsigned long", LiteralStyle.UNSIGNED_LONG)),
            Map.entry('x', new Builtin("long long", LiteralStyle.LONG_LONG)),
            Map.entry('y', new Builtin("unsigned long long", LiteralStyle.UNSIGNED_LONG_LONG)),
            Map.entry('n', new Builtin("__int128", LiteralStyle.OTHER)),
            Map.entry('o', new Builtin("unsigned __int128", LiteralStyle.OTHER)),
            Map.entry('f', new Builtin("float", LiteralStyle.FLOAT)),
            Map.entry('d', new Builtin("double", LiteralStyle.FLOAT)),
            Map.entry('e', new Builtin("long double", LiteralStyle.FLOAT)),
            Map.entry('g', new Builtin("__float128", LiteralStyle.FLOAT)),
            Map.entry('z', new Builtin("...", LiteralStyle.OTHER)));

    private static final Map<Character, Builtin> D_BUILTINS = Map.ofEntries(
            Map.entry('d', new Builtin("decimal64", LiteralStyle.OTHER)),
            Map.entry('e', new Builtin("decimal128", LiteralStyle.OTHER)),
            Map.entry('f', new Builtin("decimal32", LiteralStyle.OTHER)),
            Map.entry('h', new Builtin("half", LiteralStyle.FLOAT)),
            Map.entry('i', new Builtin("char32_t", LiteralStyle.OTHER)),
            Map.entry('s', new Builtin("char16_t", LiteralStyle.OTHER)),
            Map.entry('u', new Builtin("char8_t", LiteralStyle.OTHER)),
            Map.entry('a', new Builtin("auto", LiteralStyle.OTHER)),
            Map.entry('c', new Builtin("decltype(auto)", LiteralStyle.OTHER)),
            Map.entry('n', new Builtin("decltype(nullptr)", LiteralStyle.OTHER)));

    /** Operator codes: symbol, and arity in expressions (0 for the special forms parsed apart). */
    private record OperatorInfo(String symbol, int arity) {
    }

    private static final Map<String, OperatorInfo> OPERATORS = Map.ofEntries(
            Map.entry("nw", new OperatorInfo("new", 0)), Map.entry("na", new OperatorInfo("new[]", 0)),
            Map.entry("dl", new OperatorInfo("delete", 1)), Map.entry("da", new OperatorInfo("delete[]", 1)),
            Map.entry("ps", new OperatorInfo("+", 1)), Map.entry("ng", new OperatorInfo("-", 1)),
            Map.entry("ad", new OperatorInfo("&", 1)), Map.entry("de", new OperatorInfo("*", 1)),
            Map.entry("co", new OperatorInfo("~", 1)), Map.entry("pl", new OperatorInfo("+", 2)),
            Map.entry("mi", new OperatorInfo("-", 2)), Map.entry("ml", new OperatorInfo("*", 2)),
            Map.entry("dv", new OperatorInfo("/", 2)), Map.entry("rm", new OperatorInfo("%", 2)),
            Map.entry("an", new OperatorInfo("&", 2)), Map.entry("or", new OperatorInfo("|", 2)),
            Map.entry("eo", new OperatorInfo("^", 2)), Map.entry("aS", new OperatorInfo("=", 2)),
            Map.entry("pL", new OperatorInfo("+=", 2)), Map.entry("mI", new OperatorInfo("-=", 2)),
            Map.entry("mL", new OperatorInfo("*=", 2)), Map.entry("dV", new OperatorInfo("/=", 2)),
            Map.entry("rM", new OperatorInfo("%=", 2)), Map.entry("aN", new OperatorInfo("&=", 2)),
            Map.entry("oR", new OperatorInfo("|=", 2)), Map.entry("eO", new OperatorInfo("^=", 2)),
            Map.entry("ls", new OperatorInfo("<<", 2)), Map.entry("rs", new OperatorInfo(">>", 2)),
            Map.entry("lS", new OperatorInfo("<<=", 2)), Map.entry("rS", new OperatorInfo(">>=", 2)),
            Map.entry("eq", new OperatorInfo("==", 2)), Map.entry("ne", new OperatorInfo("!=", 2)),
            Map.entry("lt", new OperatorInfo("<", 2)), Map.entry("gt", new OperatorInfo(">", 2)),
            Map.entry("le", new OperatorInfo("<=", 2)), Map.entry("ge", new OperatorInfo(">=", 2)),
            Map.entry("ss", new OperatorInfo("<=>", 2)), Map.entry("nt", new OperatorInfo("!", 1)),
            Map.entry("aa", new OperatorInfo("&&", 2)), Map.entry("oo", new OperatorInfo("||", 2)),
            Map.entry("pp", new OperatorInfo("++", 1)), Map.entry("mm", new OperatorInfo("--", 1)),
            Map.entry("cm", new OperatorInfo(",", 2)), Map.entry("pm", new OperatorInfo("->*", 2)),
            Map.entry("pt", new OperatorInfo("->", 2)), Map.entry("cl", new OperatorInfo("()", 0)),
            Map.entry("ix", new OperatorInfo("[]", 2)), Map.entry("qu", new OperatorInfo("?", 3)),
            Map.entry("st", new OperatorInfo("sizeof ", 0)), Map.entry("sz", new OperatorInfo("sizeof ", 1)),
            Map.entry("at", new OperatorInfo("alignof ", 0)), Map.entry("az", new OperatorInfo("alignof ", 1)),
            Map.entry("aw", new OperatorInfo("co_await", 1)), Map.entry("dt", new OperatorInfo(".", 2)));

    private final String s;
    private int pos;
    private final List<Node> substitutions = new ArrayList<>();
    private TemplateScope scope = new TemplateScope();
    /** Above 0 while a type's name is parsed: its template arguments are not the ones T_ refers to. */
    private int typeDepth;
    /** Set by {@link #parseName}: whether the name ends in template arguments, and is a ctor/dtor/conversion. */
    private boolean endsWithTemplateArgs;
    private boolean ctorDtorConversion;
    private String nameQualifiers = "";

    private ItaniumDemangler(String mangled) {
        this.s = mangled;
    }

    /** The demangled name, or null when {@code mangled} is not a valid Itanium mangled name. */
    static String demangle(String mangled) {
        try {
            if (mangled.startsWith("_Z")) {
                ItaniumDemangler demangler = new ItaniumDemangler(mangled);
                demangler.pos = 2;
                Node encoding = demangler.parseEncodingWithClones();
                if (demangler.pos != mangled.length()) {
                    return null;
                }
                // Sized so the output rarely grows: a demangled name is seldom more than twice the mangled one.
                return encoding.text(2 * mangled.length());
            }
            if (mangled.startsWith("_GLOBAL_") && mangled.length() > 11 && ".$_".indexOf(mangled.charAt(8)) >= 0
                    && (mangled.charAt(9) == 'I' || mangled.charAt(9) == 'D') && mangled.charAt(10) == '_') {
                String rest = mangled.substring(11);
                String inner = demangle(rest);
                return (mangled.charAt(9) == 'I' ? "global constructors keyed to " : "global destructors keyed to ")
                        + (inner == null ? rest : inner);
            }
            return null;
        } catch (DemangleException | StackOverflowError | IndexOutOfBoundsException | NumberFormatException e) {
            return null;
        }
    }

    // ---- input ----

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private char peek(int ahead) {
        return pos + ahead < s.length() ? s.charAt(pos + ahead) : '\0';
    }

    private boolean consume(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean consume(String prefix) {
        if (s.startsWith(prefix, pos)) {
            pos += prefix.length();
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!consume(c)) {
            throw new DemangleException("expected '" + c + "' at " + pos + " of " + s);
        }
    }

    private DemangleException error(String what) {
        return new DemangleException("expected " + what + " at " + pos + " of " + s);
    }

    private boolean atEnd() {
        return pos >= s.length();
    }

    private long number() {
        boolean negative = consume('n');
        int start = pos;
        while (Character.isDigit(peek())) {
            pos++;
        }
        if (start == pos) {
            throw error("a number");
        }
        long value = Long.parseLong(s, start, pos, 10);
        return negative ? -value : value;
    }

    /** {@code _} is 0, {@code <n>_} is n + 1. */
    private int compactNumber() {
        if (consume('_')) {
            return 0;
        }
        long n = number();
        expect('_');
        if (n < 0 || n > Integer.MAX_VALUE - 1) {
            throw error("a small number");
        }
        return (int) n + 1;
    }

    private int seqId() {
        int value = 0;
        int start = pos;
        while (Character.isDigit(peek()) || Character.isUpperCase(peek())) {
            char c = s.charAt(pos++);
            value = value * 36 + (Character.isDigit(c) ? c - '0' : c - 'A' + 10);
            if (value < 0) {
                throw error("a sequence id");
            }
        }
        return start == pos ? -1 : value;
    }

    private String sourceName() {
        return sourceNameNode().text();
    }

    /** A source name as a node that prints it straight from the mangled name. */
    private Name sourceNameNode() {
        long length = number();
        if (length <= 0 || length > s.length() - pos) {
            throw error("an identifier of " + length + " characters");
        }
        int start = pos;
        pos += (int) length;
        if (length > 9 && s.startsWith("_GLOBAL_", start) && ".$_".indexOf(s.charAt(start + 8)) >= 0
                && s.charAt(start + 9) == 'N') {
            return new Name("(anonymous namespace)");
        }
        return new Name(s, start, pos);
    }

    // ---- encodings ----

    private Node parseEncodingWithClones() {
        Node encoding = parseEncoding();
        while (peek() == '.' && (Character.isLowerCase(peek(1)) || peek(1) == '_' || Character.isDigit(peek(1)))) {
            int start = pos;
            pos += 2;
            while (Character.isLowerCase(peek()) || Character.isDigit(peek()) || peek() == '_') {
                pos++;
            }
            while (peek() == '.' && Character.isDigit(peek(1))) {
                pos += 2;
                while (Character.isDigit(peek())) {
                    pos++;
                }
            }
            encoding = new Node.Clone(encoding, s.substring(start, pos));
        }
        return encoding;
    }

    private Node parseEncoding() {
        if (peek() == 'T' || peek() == 'G') {
            return parseSpecialName();
        }
        Node name = parseName();
        if (atEnd() || peek() == 'E' || peek() == '.') {
            return name;
        }
        boolean hasReturnType = endsWithTemplateArgs && !ctorDtorConversion;
        String qualifiers = nameQualifiers;
        Node returnType = hasReturnType ? parseType() : null;
        List<Node> parameters = parseBareFunctionParameters();
        return new Node.FunctionEncoding(name, returnType, parameters, qualifiers);
    }

    private List<Node> parseBareFunctionParameters() {
        List<Node> parameters = new ArrayList<>();
        if (peek() == 'v' && (pos + 1 == s.length() || peek(1) == 'E' || peek(1) == '.')) {
            pos++;
            return parameters;
        }
        do {
            parameters.add(parseType());
        } while (!atEnd() && peek() != 'E' && peek() != '.');
        return parameters;
    }

    private Node parseSpecialName() {
        char first = s.charAt(pos++);
        char second = s.charAt(pos++);
        if (first == 'T') {
            switch (second) {
                case 'V': return new Node.Special("vtable for ", parseType());
                case 'T': return new Node.Special("VTT for ", parseType());
                case 'I': return new Node.Special("typeinfo for ", parseType());
                case 'S': return new Node.Special("typeinfo name for ", parseType());
                case 'F': return new Node.Special("typeinfo fn for ", parseType());
                case 'h':
                    parseCallOffset('h');
                    return new Node.Special("non-virtual thunk to ", parseEncoding());
                case 'v':
                    parseCallOffset('v');
                    return new Node.Special("virtual thunk to ", parseEncoding());
                case 'c':
                    parseCallOffset(peekAndSkip());
                    parseCallOffset(peekAndSkip());
                    return new Node.Special("covariant return thunk to ", parseEncoding());
                case 'C': {
                    Node complete = parseType();
                    number();
                    expect('_');
                    return new Node.ConstructionVtable(complete, parseType());
                }
                case 'W': return new Node.Special("TLS wrapper function for ", parseName());
                case 'H': return new Node.Special("TLS init function for ", parseName());
                case 'A': return new Node.Special("template parameter object for ", parseTemplateArg());
                default: throw error("a special name");
            }
        }
        switch (second) {
            case 'V': return new Node.Special("guard variable for ", parseName());
            case 'R': {
                Node name = parseName();
                int sequence = seqId() + 1;
                expect('_');
                return new Node.Special("reference temporary #" + sequence + " for ", name);
            }
            case 'A': return new Node.Special("hidden alias for ", parseEncoding());
            case 'T':
                if (consume('n') || consume('t')) {
                    return new Node.Special("transaction clone for ", parseEncoding());
                }
                throw error("a transaction clone");
            case 'r': return new Node.Special("java resource ", new Name(s.substring(pos)));
            default: throw error("a special name");
        }
    }

    private char peekAndSkip() {
        return s.charAt(pos++);
    }

    private void parseCallOffset(char kind) {
        if (kind == 'h') {
            number();
            expect('_');
        } else if (kind == 'v') {
            number();
            expect('_');
            number();
            expect('_');
        } else {
            throw error("a call offset");
        }
    }

    // ---- names ----

    private Node parseName() {
        endsWithTemplateArgs = false;
        ctorDtorConversion = false;
        nameQualifiers = "";
        char c = peek();
        if (c == 'N') {
            return parseNestedName();
        }
        if (c == 'Z') {
            return parseLocalName();
        }
        Node name;
        if (c == 'S' && peek(1) == 't') {
            pos += 2;
            name = new Node.Nested(new Name("std"), parseUnqualifiedName(null));
        } else if (c == 'S') {
            name = parseSubstitution();
            if (peek() != 'I') {
                throw error("template arguments after a substitution used as a name");
            }
            TemplateArgs args = parseTemplateArgs(true);
            endsWithTemplateArgs = true;
            return new Node.Template(name, args);
        } else {
            name = parseUnqualifiedName(null);
        }
        if (peek() == 'I') {
            substitutions.add(name);
            TemplateArgs args = parseTemplateArgs(true);
            endsWithTemplateArgs = true;
            return new Node.Template(name, args);
        }
        return name;
    }

    private Node parseNestedName() {
        expect('N');
        StringBuilder qualifiers = new StringBuilder(cvQualifiers());
        if (consume('R')) {
            qualifiers.append(" &");
        } else if (consume('O')) {
            qualifiers.append(" &&");
        }
        Node current = null;
        while (!consume('E')) {
            if (atEnd()) {
                throw error("the end of a nested name");
            }
            consume('L');
            char c = peek();
            boolean substituted = false;
            boolean first = current == null;
            if (c == 'S' && peek(1) == 't') {
                pos += 2;
                if (current != null) {
                    throw error("std:: only at the start of a nested name");
                }
                current = new Name("std");
                endsWithTemplateArgs = false;
                continue;
            } else if (c == 'S') {
                Node sub = parseSubstitution();
                current = current == null ? sub : new Node.Nested(current, sub);
                substituted = true;
                endsWithTemplateArgs = false;
            } else if (c == 'I') {
                if (current == null) {
                    throw error("a template name before template arguments");
                }
                Node last = current instanceof Node.Nested nested ? nested.name : current;
                while (last instanceof Node.AbiTagged tagged) {
                    last = tagged.name;
                }
                if (last instanceof Node.ConversionOperator conversion && mentionsTemplateParam(conversion.type)) {
                    // libiberty cannot resolve a templated conversion operator's own parameters in its target type
                    // and leaves such names mangled; so do we.
                    throw error("a conversion operator whose type does not use its own template parameters");
                }
                TemplateArgs args = parseTemplateArgs(true);
                current = new Node.Template(current, args);
                endsWithTemplateArgs = true;
            } else if (c == 'T') {
                Node param = parseTemplateParam();
                current = current == null ? param : new Node.Nested(current, param);
                endsWithTemplateArgs = false;
            } else if (c == 'D' && (peek(1) == 't' || peek(1) == 'T')) {
                Node decltype = parseDecltype();
                current = current == null ? decltype : new Node.Nested(current, decltype);
                endsWithTemplateArgs = false;
            } else if (c == 'C' || (c == 'D' && peek(1) != 'C')) {
                if (current == null) {
                    throw error("a class before a constructor or destructor");
                }
                boolean destructor = c == 'D';
                pos++;
                Node owner = current;
                if (!destructor && consume('I')) {
                    // An inheriting constructor is named after the base class it inherits from.
                    pos++;
                    owner = parseType();
                } else {
                    pos++;
                }
                Node name = parseAbiTags(new Node.CtorDtor(owner, destructor));
                current = new Node.Nested(current, name);
                ctorDtorConversion = true;
                endsWithTemplateArgs = false;
            } else {
                Node name = parseUnqualifiedName(current);
                current = current == null ? name : new Node.Nested(current, name);
                endsWithTemplateArgs = false;
            }
            if (peek() != 'E' && !(substituted && first)) {
                substitutions.add(current);
            }
        }
        if (current == null) {
            throw error("a name inside N...E");
        }
        nameQualifiers = qualifiers.toString();
        return current;
    }

    private static boolean mentionsTemplateParam(Node node) {
        if (node instanceof Node.TemplateParam) {
            return true;
        }
        for (Node child : node.children()) {
            if (child != null && mentionsTemplateParam(child)) {
                return true;
            }
        }
        return false;
    }

    private Node parseLocalName() {
        expect('Z');
        // The function's own template arguments are what T_ means inside it, even inside a type.
        TemplateScope outer = scope;
        int outerTypeDepth = typeDepth;
        scope = new TemplateScope();
        typeDepth = 0;
        Node function;
        try {
            function = parseEncoding();
        } finally {
            typeDepth = outerTypeDepth;
        }
        if (outerTypeDepth == 0 && scope.args != null) {
            outer.args = scope.args;
        }
        scope = outer;
        if (function instanceof Node.FunctionEncoding encoding && encoding.returnType != null) {
            // libiberty leaves out the return type of the function a local entity belongs to.
            function = new Node.FunctionEncoding(encoding.name, null, encoding.parameters, encoding.qualifiers);
        }
        expect('E');
        if (consume('s')) {
            parseDiscriminator();
            endsWithTemplateArgs = false;
            ctorDtorConversion = false;
            nameQualifiers = "";
            return new Node.Local(function, new Name("string literal"));
        }
        if (consume('d')) {
            int parameter = consume('_') ? 0 : (int) number() + 1;
            if (parameter > 0) {
                expect('_');
            }
            Node entity = parseName();
            return new Node.Local(function, new Node.Nested(
                    new Name("{default arg#" + (parameter + 1) + "}"), entity));
        }
        Node entity = parseName();
        parseDiscriminator();
        return new Node.Local(function, entity);
    }

    private void parseDiscriminator() {
        if (peek() != '_') {
            return;
        }
        if (peek(1) == '_') {
            pos += 2;
            number();
            expect('_');
        } else if (Character.isDigit(peek(1))) {
            pos += 2;
        }
    }

    private Node parseUnqualifiedName(Node scopeName) {
        char c = peek();
        Node name;
        if (Character.isDigit(c)) {
            name = sourceNameNode();
        } else if (c == 'U') {
            name = parseUnnamedType();
        } else if (c == 'L') {
            pos++;
            name = sourceNameNode();
            parseDiscriminator();
        } else if (c == 'D' && peek(1) == 'C') {
            pos += 2;
            List<String> names = new ArrayList<>();
            while (!consume('E')) {
                names.add(sourceName());
            }
            name = new Name("[" + String.join(", ", names) + "]");
        } else if (Character.isLowerCase(c)) {
            name = parseOperatorName();
        } else {
            throw error("an unqualified name");
        }
        return parseAbiTags(name);
    }

    private Node parseAbiTags(Node name) {
        while (consume('B')) {
            name = new Node.AbiTagged(name, sourceName());
        }
        return name;
    }

    private Node parseUnnamedType() {
        expect('U');
        // libiberty records an unnamed type as a substitution candidate itself (a lambda it does not), and later S_
        // count so.
        if (consume('t')) {
            int number = compactNumber();
            Node unnamed = new Name("{unnamed type#" + (number + 1) + "}");
            substitutions.add(unnamed);
            return unnamed;
        }
        if (consume('l')) {
            List<Node> parameters = new ArrayList<>();
            if (!(peek() == 'v' && peek(1) == 'E')) {
                while (peek() != 'E') {
                    parameters.add(parseType());
                }
            } else {
                pos++;
            }
            expect('E');
            int number = compactNumber();
            return new Node.Lambda(parameters, number + 1);
        }
        throw error("an unnamed type or lambda");
    }

    private Node parseOperatorName() {
        if (consume("cv")) {
            Node type = parseType();
            ctorDtorConversion = true;
            return new Node.ConversionOperator(type);
        }
        if (consume("li")) {
            return new Node.LiteralOperator(sourceName());
        }
        if (peek() == 'v' && Character.isDigit(peek(1))) {
            pos += 2;
            return new Node.Operator(sourceName());
        }
        String code = s.substring(pos, Math.min(pos + 2, s.length()));
        OperatorInfo info = OPERATORS.get(code);
        if (info == null || code.equals("dt") || code.equals("aw")) {
            throw error("an operator name");
        }
        pos += 2;
        String symbol = switch (code) {
            case "st", "sz" -> "sizeof";
            case "at", "az" -> "alignof";
            default -> info.symbol;
        };
        return new Node.Operator(symbol);
    }

    private Node parseSubstitution() {
        expect('S');
        char c = peek();
        if (Character.isLowerCase(c)) {
            pos++;
            boolean full = peek() == 'C' || peek() == 'D';
            return switch (c) {
                case 'a' -> new Node.SpecialSubstitution("std::allocator", "allocator");
                case 'b' -> new Node.SpecialSubstitution("std::basic_string", "basic_string");
                case 's' -> new Node.SpecialSubstitution(full
                        ? "std::basic_string<char, std::char_traits<char>, std::allocator<char> >" : "std::string",
                        "basic_string");
                case 'i' -> new Node.SpecialSubstitution(full
                        ? "std::basic_istream<char, std::char_traits<char> >" : "std::istream", "basic_istream");
                case 'o' -> new Node.SpecialSubstitution(full
                        ? "std::basic_ostream<char, std::char_traits<char> >" : "std::ostream", "basic_ostream");
                case 'd' -> new Node.SpecialSubstitution(full
                        ? "std::basic_iostream<char, std::char_traits<char> >" : "std::iostream", "basic_iostream");
                default -> throw error("a standard substitution");
            };
        }
        int index = consume('_') ? 0 : seqId() + 1;
        if (index > 0) {
            expect('_');
        }
        if (index < 0 || index >= substitutions.size()) {
            throw error("a substitution below " + substitutions.size() + ", found " + index);
        }
        return substitutions.get(index);
    }

    // ---- template arguments ----

    private TemplateArgs parseTemplateArgs(boolean setsScope) {
        expect('I');
        List<Node> args = new ArrayList<>();
        while (!consume('E')) {
            if (atEnd()) {
                throw error("the end of template arguments");
            }
            args.add(parseTemplateArg());
        }
        if (setsScope && typeDepth == 0) {
            scope.args = args;
        }
        return new TemplateArgs(args);
    }

    private Node parseTemplateArg() {
        char c = peek();
        if (c == 'X') {
            pos++;
            Node expression = parseExpression();
            expect('E');
            return expression;
        }
        if (c == 'J' || c == 'I') {
            // 'I' is how older GCC wrote an argument pack.
            pos++;
            List<Node> elements = new ArrayList<>();
            while (!consume('E')) {
                if (atEnd()) {
                    throw error("the end of an argument pack");
                }
                elements.add(parseTemplateArg());
            }
            return new ArgPack(elements);
        }
        if (c == 'L') {
            return parseExprPrimary();
        }
        return parseType();
    }

    private Node parseTemplateParam() {
        expect('T');
        int index = consume('_') ? 0 : (int) number() + 1;
        if (index > 0) {
            expect('_');
        }
        return new Node.TemplateParam(index, scope);
    }

    // ---- types ----

    private String cvQualifiers() {
        boolean isConst = false;
        boolean isVolatile = false;
        boolean isRestrict = false;
        for (char c = peek(); c == 'r' || c == 'V' || c == 'K'; c = peek()) {
            isConst |= c == 'K';
            isVolatile |= c == 'V';
            isRestrict |= c == 'r';
            pos++;
        }
        if (!isConst && !isVolatile && !isRestrict) {
            // Nearly every nested name: no qualifiers, and no builder for them.
            return "";
        }
        return (isConst ? " const" : "") + (isVolatile ? " volatile" : "") + (isRestrict ? " restrict" : "");
    }

    private Node parseType() {
        char c = peek();
        Builtin builtin = BUILTINS.get(c);
        if (builtin != null) {
            pos++;
            return builtin;
        }
        Node type;
        switch (c) {
            case 'r', 'V', 'K' -> {
                String qualifiers = cvQualifiers();
                // Qualifiers before a function type qualify 'this'; the bare function type is no candidate.
                Node inner = peek() == 'F' ? parseFunctionType("") : parseType();
                if (inner instanceof Node.FunctionType function) {
                    type = new Node.FunctionType(function.returnType, function.parameters,
                            qualifiers + function.qualifiers, function.exceptionSpec);
                } else {
                    type = new Node.Qualified(inner, qualifiers);
                }
            }
            case 'U' -> {
                pos++;
                String qualifier = sourceName();
                if (peek() == 'I') {
                    parseTemplateArgs(false);
                }
                type = new Node.VendorQualified(parseType(), qualifier);
            }
            case 'u' -> {
                pos++;
                type = sourceNameNode();
            }
            case 'P' -> {
                pos++;
                type = new Node.Indirection(parseType(), "*");
            }
            case 'R' -> {
                pos++;
                type = new Node.Indirection(parseType(), "&");
            }
            case 'O' -> {
                pos++;
                type = new Node.Indirection(parseType(), "&&");
            }
            case 'C' -> {
                pos++;
                type = new Node.VendorQualified(parseType(), "_Complex");
            }
            case 'G' -> {
                pos++;
                type = new Node.VendorQualified(parseType(), "_Imaginary");
            }
            case 'F' -> type = parseFunctionType("");
            case 'A' -> type = parseArrayType();
            case 'M' -> {
                pos++;
                Node owner = parseType();
                Node member = parseType();
                type = new Node.MemberPointer(owner, member);
            }
            case 'T' -> {
                type = parseTemplateParam();
                if (peek() == 'I') {
                    substitutions.add(type);
                    type = new Node.Template(type, parseTemplateArgs(false));
                }
            }
            case 'D' -> {
                char next = peek(1);
                Builtin d = D_BUILTINS.get(next);
                if (d != null) {
                    pos += 2;
                    return d;
                }
                switch (next) {
                    case 'F' -> {
                        pos += 2;
                        long bits = number();
                        String suffix = consume('x') ? "x" : "";
                        if (!consume('_') && !consume('b')) {
                            throw error("_ after _Float<bits>");
                        }
                        return new Builtin("_Float" + bits + suffix, LiteralStyle.FLOAT);
                    }
                    case 'p' -> {
                        pos += 2;
                        type = new Node.PackExpansion(parseType());
                    }
                    case 't', 'T' -> type = parseDecltype();
                    case 'v' -> {
                        pos += 2;
                        Node dimension;
                        if (consume('_')) {
                            dimension = parseExpression();
                        } else {
                            dimension = new Name(Long.toString(number()));
                        }
                        expect('_');
                        type = new Node.VectorType(parseType(), dimension);
                    }
                    case 'x', 'o', 'O', 'w' -> type = parseFunctionType(parseExceptionSpec());
                    default -> throw error("a D type");
                }
            }
            case 'S' -> {
                if (peek(1) == 't') {
                    type = parseClassTypeName();
                } else {
                    Node sub = parseSubstitution();
                    if (peek() != 'I') {
                        return sub;
                    }
                    type = new Node.Template(sub, parseTemplateArgs(false));
                }
            }
            default -> {
                if (Character.isDigit(c) || c == 'N' || c == 'Z') {
                    type = parseClassTypeName();
                } else {
                    throw error("a type");
                }
            }
        }
        substitutions.add(type);
        return type;
    }

    /** A class type's name: its template arguments do not replace the enclosing function's. */
    private Node parseClassTypeName() {
        boolean savedEnds = endsWithTemplateArgs;
        boolean savedCtor = ctorDtorConversion;
        String savedQualifiers = nameQualifiers;
        typeDepth++;
        Node name;
        try {
            name = parseName();
        } finally {
            typeDepth--;
            endsWithTemplateArgs = savedEnds;
            ctorDtorConversion = savedCtor;
            nameQualifiers = savedQualifiers;
        }
        return name;
    }

    private String parseExceptionSpec() {
        if (consume("Do")) {
            return " noexcept";
        }
        if (consume("DO")) {
            Node condition = parseExpression();
            expect('E');
            return " noexcept(" + condition.text() + ")";
        }
        if (consume("Dw")) {
            List<Node> types = new ArrayList<>();
            while (!consume('E')) {
                types.add(parseType());
            }
            Printer p = new Printer(16);
            Node.printList(p, types);
            return " throw(" + p + ")";
        }
        if (consume("Dx")) {
            return "";
        }
        return "";
    }

    private Node parseFunctionType(String exceptionSpec) {
        expect('F');
        consume('Y');
        Node returnType = parseType();
        List<Node> parameters = new ArrayList<>();
        String reference = "";
        while (true) {
            if (consume('E')) {
                break;
            }
            if (peek() == 'R' && peek(1) == 'E') {
                pos += 2;
                reference = " &";
                break;
            }
            if (peek() == 'O' && peek(1) == 'E') {
                pos += 2;
                reference = " &&";
                break;
            }
            if (peek() == 'v' && peek(1) == 'E' && parameters.isEmpty()) {
                pos++;
                continue;
            }
            if (atEnd()) {
                throw error("the end of a function type");
            }
            parameters.add(parseType());
        }
        return new Node.FunctionType(returnType, parameters, reference, exceptionSpec);
    }

    private Node parseArrayType() {
        expect('A');
        Node dimension = null;
        if (Character.isDigit(peek())) {
            dimension = new Name(Long.toString(number()));
        } else if (peek() != '_') {
            dimension = parseExpression();
        }
        expect('_');
        return new Node.ArrayType(parseType(), dimension);
    }

    private Node parseDecltype() {
        expect('D');
        if (!consume('t') && !consume('T')) {
            throw error("decltype");
        }
        Node expression = parseExpression();
        expect('E');
        return new Node.KeywordOf("decltype", expression, true);
    }

    // ---- expressions ----

    private Node parseExprPrimary() {
        expect('L');
        if (peek() == '_' && peek(1) == 'Z') {
            pos += 2;
            Node encoding = parseEncoding();
            expect('E');
            return encoding;
        }
        if (consume("_Z")) {
            throw error("an external name");
        }
        Node type = parseType();
        boolean negative = consume('n');
        int start = pos;
        while (peek() != 'E' && !atEnd()) {
            pos++;
        }
        String value = s.substring(start, pos);
        expect('E');
        if (value.isEmpty() && type instanceof Builtin builtin && builtin.name.equals("decltype(nullptr)")) {
            value = "0";
        }
        return new Node.Literal(type, value, negative);
    }

    private List<Node> expressionsUntilE() {
        List<Node> list = new ArrayList<>();
        while (!consume('E')) {
            if (atEnd()) {
                throw error("the end of an expression list");
            }
            list.add(parseExpression());
        }
        return list;
    }

    private Node parseExpression() {
        char c = peek();
        if (c == 'L') {
            return parseExprPrimary();
        }
        if (c == 'T') {
            return parseTemplateParam();
        }
        if (c == 'f' && peek(1) == 'p' && peek(2) == 'T') {
            pos += 3;
            return new Name("this");
        }
        if (c == 'f' && peek(1) == 'p') {
            pos += 2;
            cvQualifiers();
            int number = consume('_') ? 1 : (int) number() + 2;
            if (number > 1) {
                expect('_');
            }
            return new Node.FunctionParam(number);
        }
        if (c == 'f' && peek(1) == 'L') {
            pos += 2;
            number();
            expect('p');
            cvQualifiers();
            int number = consume('_') ? 1 : (int) number() + 2;
            if (number > 1) {
                expect('_');
            }
            return new Node.FunctionParam(number);
        }
        String code = s.substring(pos, Math.min(pos + 2, s.length()));
        switch (code) {
            case "cl": {
                pos += 2;
                Node function = parseExpression();
                return new Node.Call(function, expressionsUntilE());
            }
            case "cv": {
                pos += 2;
                Node type = parseType();
                if (consume('_')) {
                    return new Node.Cast(null, type, expressionsUntilE());
                }
                return new Node.Cast(null, type, List.of(parseExpression()));
            }
            case "dc", "sc", "cc", "rc": {
                pos += 2;
                String keyword = switch (code) {
                    case "dc" -> "dynamic_cast";
                    case "sc" -> "static_cast";
                    case "cc" -> "const_cast";
                    default -> "reinterpret_cast";
                };
                Node type = parseType();
                return new Node.Cast(keyword, type, List.of(parseExpression()));
            }
            case "st", "at": {
                pos += 2;
                return new Node.KeywordOf(code.equals("st") ? "sizeof" : "alignof", parseType(), true);
            }
            case "sz", "az": {
                pos += 2;
                return new Node.KeywordOf(code.equals("sz") ? "sizeof " : "alignof ", parseExpression(), false);
            }
            case "sZ": {
                pos += 2;
                Node pack = peek() == 'T' ? parseTemplateParam() : parseExpression();
                return new Node.KeywordOf("sizeof...", pack, true);
            }
            case "sP": {
                pos += 2;
                List<Node> args = new ArrayList<>();
                while (!consume('E')) {
                    args.add(parseTemplateArg());
                }
                return new Node.KeywordOf("sizeof...", new ArgPack(args), true);
            }
            case "sp": {
                pos += 2;
                return new Node.PackExpansion(parseExpression());
            }
            case "ti", "te": {
                pos += 2;
                return new Node.KeywordOf("typeid", code.equals("ti") ? parseType() : parseExpression(), true);
            }
            case "tw": {
                pos += 2;
                return new Node.KeywordOf("throw ", parseExpression(), false);
            }
            case "tr": {
                pos += 2;
                return new Name("throw");
            }
            case "nx": {
                pos += 2;
                return new Node.KeywordOf("noexcept", parseExpression(), true);
            }
            case "il": {
                pos += 2;
                return new Node.InitList(null, expressionsUntilE());
            }
            case "tl": {
                pos += 2;
                Node type = parseType();
                return new Node.InitList(type, expressionsUntilE());
            }
            case "dt", "pt": {
                pos += 2;
                Node object = parseExpression();
                Node member = parseUnresolvedName();
                return new Node.Binary(code.equals("dt") ? "." : "->", object, member);
            }
            case "qu": {
                pos += 2;
                Node condition = parseExpression();
                Node then = parseExpression();
                return new Node.Conditional(condition, then, parseExpression());
            }
            case "pp", "mm": {
                pos += 2;
                String symbol = code.equals("pp") ? "++" : "--";
                if (consume('_')) {
                    return new Node.Prefix(symbol, parseExpression());
                }
                return new Node.Postfix(symbol, parseExpression());
            }
            case "sr", "on", "dn": {
                return parseUnresolvedName();
            }
            case "gs": {
                pos += 2;
                return parseExpression();
            }
            default:
                break;
        }
        OperatorInfo info = OPERATORS.get(code);
        if (info != null && info.arity > 0) {
            pos += 2;
            if (info.arity == 1) {
                return new Node.Prefix(info.symbol, parseExpression());
            }
            Node left = parseExpression();
            return new Node.Binary(info.symbol, left, parseExpression());
        }
        if (Character.isDigit(c)) {
            return parseUnresolvedName();
        }
        throw error("an expression");
    }

    /** {@code scope::name<args>} as libiberty builds it: the arguments belong to the whole qualified name. */
    private static Node qualify(Node qualifier, Node base) {
        if (base instanceof Node.Template template) {
            return new Node.Template(new Node.Nested(qualifier, template.name), template.args);
        }
        return new Node.Nested(qualifier, base);
    }

    /**
     * {@code sr <type> <base-unresolved-name>} (the type, such as {@code N...E} or {@code T_}, is parsed as a type,
     * so its parts are substitution candidates, as libiberty has it), or {@code sr <simple-id>+ E <base>}.
     */
    private Node parseUnresolvedName() {
        if (consume("sr")) {
            char c = peek();
            Node qualifier;
            if (Character.isDigit(c)) {
                qualifier = parseSimpleId();
                while (!consume('E')) {
                    if (atEnd()) {
                        throw error("the end of an unresolved qualifier");
                    }
                    qualifier = qualify(qualifier, parseSimpleId());
                }
            } else {
                typeDepth++;
                try {
                    qualifier = parseType();
                } finally {
                    typeDepth--;
                }
            }
            return qualify(qualifier, parseBaseUnresolvedName());
        }
        return parseBaseUnresolvedName();
    }

    private Node parseSimpleId() {
        Node name = sourceNameNode();
        if (peek() == 'I') {
            name = new Node.Template(name, parseTemplateArgs(false));
        }
        return name;
    }

    private Node parseBaseUnresolvedName() {
        if (Character.isDigit(peek())) {
            return parseSimpleId();
        }
        if (consume("dn")) {
            Node name = Character.isDigit(peek()) ? parseSimpleId() : parseType();
            return new Name("~" + name.text());
        }
        consume("on");
        Node operator = parseOperatorName();
        if (peek() == 'I') {
            return new Node.Template(operator, parseTemplateArgs(false));
        }
        return operator;
    }
}
