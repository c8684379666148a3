package io.tachyon.symbols.internal.demangle;

import java.util.List;

/**
 * A part of a demangled Itanium name. Types print in two halves around what they declare (C declarator syntax):
 * {@code void (*)(int)} is the pointer's left half {@code void (*} and its right half {@code )(int)}. The text follows
 * GNU libiberty (what {@code c++filt}, {@code nm -C} and {@code addr2line -C} print): qualifiers after the type,
 * {@code > >} between closing template brackets, {@code {lambda(int)#1}}, {@code [clone .cold]}.
 */
abstract class Node {

    void printLeft(Printer p) {
    }

    void printRight(Printer p) {
    }

    boolean hasRight(Printer p) {
        return false;
    }

    /** A function type (or one under qualifiers): a pointer to it needs parentheses. */
    boolean isFunction(Printer p) {
        return false;
    }

    boolean isArray(Printer p) {
        return false;
    }

    /** The nodes below this one, for finding the argument pack a pack expansion expands. */
    List<Node> children() {
        return List.of();
    }

    final void print(Printer p) {
        p.enter();
        try {
            printLeft(p);
            printRight(p);
        } finally {
            p.leave();
        }
    }

    final String text() {
        return text(16);
    }

    /** The printed node; {@code capacity} is a guess of its length, so the output need not grow as it is printed. */
    final String text(int capacity) {
        Printer p = new Printer(capacity);
        print(p);
        return p.toString();
    }

    /** The size of the first argument pack a template parameter below this node refers to, or -1. */
    int packSize(Printer p) {
        for (Node child : children()) {
            if (child == null) {
                continue;
            }
            int size = child.packSize(p);
            if (size >= 0) {
                return size;
            }
        }
        return -1;
    }

    /**
     * The nodes comma-separated, each printed in place: an element that prints nothing takes its ", " back (libiberty
     * drops empty packs from lists) and leaves only the space it would have ended with as the last character.
     */
    static void printList(Printer p, List<Node> nodes) {
        boolean first = true;
        for (Node node : nodes) {
            int before = p.length();
            char pretended = p.pretendedLast();
            if (!first) {
                p.append(", ");
            }
            int start = p.length();
            node.print(p);
            if (p.length() == start) {
                p.truncate(before);
                p.pretendLast(first ? pretended : ' ');
                continue;
            }
            first = false;
        }
    }

    /** Identifiers and other plain text. */
    static final class Name extends Node {
        private final String text;
        private final int start;
        private final int end;

        Name(String name) {
            this(name, 0, name.length());
        }

        /** Characters {@code start} to {@code end} of {@code text}: a name read from the mangled one, not copied. */
        Name(String text, int start, int end) {
            this.text = text;
            this.start = start;
            this.end = end;
        }

        @Override
        void printLeft(Printer p) {
            p.append(text, start, end);
        }
    }

    /** {@code scope::name}. */
    static final class Nested extends Node {
        final Node scope;
        final Node name;

        Nested(Node scope, Node name) {
            this.scope = scope;
            this.name = name;
        }

        @Override
        void printLeft(Printer p) {
            scope.print(p);
            p.append("::");
            name.print(p);
        }

        @Override
        List<Node> children() {
            return List.of(scope, name);
        }
    }

    /** {@code name<args>}. */
    static final class Template extends Node {
        final Node name;
        final TemplateArgs args;

        Template(Node name, TemplateArgs args) {
            this.name = name;
            this.args = args;
        }

        @Override
        void printLeft(Printer p) {
            name.print(p);
            args.print(p);
        }

        @Override
        List<Node> children() {
            return List.of(name, args);
        }
    }

    static final class TemplateArgs extends Node {
        final List<Node> args;

        TemplateArgs(List<Node> args) {
            this.args = args;
        }

        @Override
        void printLeft(Printer p) {
            if (p.last() == '<') {
                p.append(' ');
            }
            p.append('<');
            printList(p, args);
            if (p.last() == '>') {
                p.append(' ');
            }
            p.append('>');
        }

        @Override
        List<Node> children() {
            return args;
        }
    }

    /** An argument pack ({@code J...E}): its elements, comma-separated. */
    static final class ArgPack extends Node {
        final List<Node> elements;

        ArgPack(List<Node> elements) {
            this.elements = elements;
        }

        @Override
        void printLeft(Printer p) {
            printList(p, elements);
        }

        @Override
        List<Node> children() {
            return elements;
        }
    }

    /** {@code T_}: prints the template argument it refers to. */
    static final class TemplateParam extends Node {
        final int index;
        final TemplateScope scope;
        /** In a generic lambda's signature an unbound parameter is an {@code auto} parameter. */
        TemplateParam(int index, TemplateScope scope) {
            this.index = index;
            this.scope = scope;
        }

        /** Inside a lambda's parameter list a template parameter prints as {@code auto:N} (a generic lambda). */
        private static boolean lambdaAuto(Printer p) {
            return p != null && p.inLambdaParameters();
        }

        /**
         * The argument this parameter names where it is printed: the template arguments of the function being printed
         * (as libiberty resolves them), else those known when it was parsed.
         */
        Node resolve(Printer p) {
            if (lambdaAuto(p)) {
                return null;
            }
            List<Node> args = p != null && p.templates() != null ? p.templates() : scope.args;
            if (args == null || index >= args.size()) {
                throw new DemangleException("template parameter " + index + " has no argument");
            }
            return args.get(index);
        }

        private Node target(Printer p) {
            Node arg = resolve(p);
            if (arg instanceof ArgPack pack && p.packIndex >= 0 && p.packIndex < pack.elements.size()) {
                return pack.elements.get(p.packIndex);
            }
            return arg;
        }

        @Override
        void printLeft(Printer p) {
            if (lambdaAuto(p)) {
                p.append("auto:").append(Integer.toString(index + 1));
                return;
            }
            target(p).printLeft(p);
        }

        @Override
        void printRight(Printer p) {
            if (!lambdaAuto(p)) {
                target(p).printRight(p);
            }
        }

        @Override
        boolean hasRight(Printer p) {
            Node arg = resolve(p);
            return arg != null && arg.hasRight(p);
        }

        @Override
        boolean isFunction(Printer p) {
            Node arg = resolve(p);
            return arg != null && arg.isFunction(p);
        }

        @Override
        boolean isArray(Printer p) {
            Node arg = resolve(p);
            return arg != null && arg.isArray(p);
        }

        @Override
        int packSize(Printer p) {
            Node arg = resolve(p);
            return arg instanceof ArgPack pack ? pack.elements.size() : -1;
        }
    }

    /** The template arguments template parameters refer to; filled in once they are parsed. */
    static final class TemplateScope {
        List<Node> args;
    }

    /** {@code Dp}: a pattern repeated for each element of the pack it mentions. */
    static final class PackExpansion extends Node {
        final Node pattern;

        PackExpansion(Node pattern) {
            this.pattern = pattern;
        }

        @Override
        void printLeft(Printer p) {
            int size = pattern.packSize(p);
            if (size < 0) {
                pattern.print(p);
                p.append("...");
                return;
            }
            int saved = p.packIndex;
            for (int i = 0; i < size; i++) {
                if (i > 0) {
                    p.append(", ");
                }
                p.packIndex = i;
                pattern.print(p);
            }
            p.packIndex = saved;
        }

        @Override
        List<Node> children() {
            return List.of(pattern);
        }
    }

    /** The operator name {@code operator+}, {@code operator new}. */
    static final class Operator extends Node {
        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        @Override
        void printLeft(Printer p) {
            p.append("operator");
            if (Character.isLetter(symbol.charAt(0))) {
                p.append(' ');
            }
            p.append(symbol);
        }
    }

    static final class ConversionOperator extends Node {
        final Node type;

        ConversionOperator(Node type) {
            this.type = type;
        }

        @Override
        void printLeft(Printer p) {
            p.append("operator ");
            type.print(p);
        }

        @Override
        List<Node> children() {
            return List.of(type);
        }
    }

    static final class LiteralOperator extends Node {
        final String suffix;

        LiteralOperator(String suffix) {
            this.suffix = suffix;
        }

        @Override
        void printLeft(Printer p) {
            p.append("operator\"\" ").append(suffix);
        }
    }

    static final class CtorDtor extends Node {
        final Node owner;
        final boolean destructor;

        CtorDtor(Node owner, boolean destructor) {
            this.owner = owner;
            this.destructor = destructor;
        }

        @Override
        void printLeft(Printer p) {
            if (destructor) {
                p.append('~');
            }
            p.append(baseName(owner, p));
        }

        private static String baseName(Node node, Printer p) {
            if (node instanceof Nested nested) {
                return baseName(nested.name, p);
            }
            if (node instanceof Template template) {
                return baseName(template.name, p);
            }
            if (node instanceof SpecialSubstitution special) {
                return special.constructorName;
            }
            if (node instanceof AbiTagged tagged) {
                return baseName(tagged.name, p);
            }
            if (node instanceof TemplateParam param && param.resolve(p) != null) {
                return baseName(param.resolve(p), p);
            }
            return node.text();
        }

        @Override
        List<Node> children() {
            return List.of(owner);
        }
    }

    /** {@code Sa}, {@code Ss}... : short form, or the full one before a constructor or destructor. */
    static final class SpecialSubstitution extends Node {
        final String text;
        final String constructorName;

        SpecialSubstitution(String text, String constructorName) {
            this.text = text;
            this.constructorName = constructorName;
        }

        @Override
        void printLeft(Printer p) {
            p.append(text);
        }
    }

    static final class AbiTagged extends Node {
        final Node name;
        final String tag;

        AbiTagged(Node name, String tag) {
            this.name = name;
            this.tag = tag;
        }

        @Override
        void printLeft(Printer p) {
            name.print(p);
            p.append("[abi:").append(tag).append(']');
        }

        @Override
        List<Node> children() {
            return List.of(name);
        }
    }

    /** {@code function()::entity}. */
    static final class Local extends Node {
        final Node function;
        final Node entity;

        Local(Node function, Node entity) {
            this.function = function;
            this.entity = entity;
        }

        @Override
        void printLeft(Printer p) {
            function.print(p);
            p.append("::");
            entity.print(p);
        }

        @Override
        List<Node> children() {
            return List.of(function, entity);
        }
    }

    static final class Lambda extends Node {
        final List<Node> parameters;
        final int number;

        Lambda(List<Node> parameters, int number) {
            this.parameters = parameters;
            this.number = number;
        }

        @Override
        void printLeft(Printer p) {
            p.append("{lambda(");
            p.enterLambdaParameters();
            try {
                printList(p, parameters);
            } finally {
                p.leaveLambdaParameters();
            }
            p.append(")#").append(Integer.toString(number)).append('}');
        }

        @Override
        List<Node> children() {
            return parameters;
        }
    }

    /** A prefix string before a name: {@code vtable for X}, {@code non-virtual thunk to f()}. */
    static final class Special extends Node {
        final String prefix;
        final Node child;

        Special(String prefix, Node child) {
            this.prefix = prefix;
            this.child = child;
        }

        @Override
        void printLeft(Printer p) {
            p.append(prefix);
            child.print(p);
        }

        @Override
        List<Node> children() {
            return List.of(child);
        }
    }

    static final class ConstructionVtable extends Node {
        final Node complete;
        final Node base;

        ConstructionVtable(Node complete, Node base) {
            this.complete = complete;
            this.base = base;
        }

        @Override
        void printLeft(Printer p) {
            p.append("construction vtable for ");
            base.print(p);
            p.append("-in-");
            complete.print(p);
        }
    }

    static final class Clone extends Node {
        final Node function;
        final String suffix;

        Clone(Node function, String suffix) {
            this.function = function;
            this.suffix = suffix;
        }

        @Override
        void printLeft(Printer p) {
            function.print(p);
            p.append(" [clone ").append(suffix).append(']');
        }
    }

    /** A function: {@code [return type] name(parameters) [const] [&]}. */
    static final class FunctionEncoding extends Node {
        final Node name;
        final Node returnType;
        final List<Node> parameters;
        final String qualifiers;

        FunctionEncoding(Node name, Node returnType, List<Node> parameters, String qualifiers) {
            this.name = name;
            this.returnType = returnType;
            this.parameters = parameters;
            this.qualifiers = qualifiers;
        }

        /** The function's own template arguments: those of its (local entity's) last name component. */
        private List<Node> templateArgs() {
            Node named = name;
            if (named instanceof Local local) {
                named = local.entity;
            }
            return named instanceof Template template ? template.args.args : null;
        }

        @Override
        void printLeft(Printer p) {
            List<Node> args = templateArgs();
            if (args != null) {
                p.pushTemplates(args);
            }
            try {
                printLeftInScope(p);
            } finally {
                if (args != null) {
                    p.popTemplates();
                }
            }
        }

        private void printLeftInScope(Printer p) {
            if (returnType != null) {
                returnType.printLeft(p);
                if (!returnType.hasRight(p)) {
                    p.append(' ');
                }
            }
            name.print(p);
        }

        @Override
        void printRight(Printer p) {
            List<Node> args = templateArgs();
            if (args != null) {
                p.pushTemplates(args);
            }
            try {
                p.append('(');
                printList(p, parameters);
                p.append(')');
                p.append(qualifiers);
                if (returnType != null) {
                    returnType.printRight(p);
                }
            } finally {
                if (args != null) {
                    p.popTemplates();
                }
            }
        }

        @Override
        boolean hasRight(Printer p) {
            return true;
        }

        @Override
        List<Node> children() {
            return parameters;
        }
    }

    static final class Builtin extends Node {
        final String name;
        final LiteralStyle style;

        Builtin(String name, LiteralStyle style) {
            this.name = name;
            this.style = style;
        }

        @Override
        void printLeft(Printer p) {
            p.append(name);
        }
    }

    /** How a literal of a builtin type prints: {@code 5u}, {@code true}, {@code (char)65}. */
    enum LiteralStyle {
        INT(""), UNSIGNED("u"), LONG("l"), UNSIGNED_LONG("ul"), LONG_LONG("ll"), UNSIGNED_LONG_LONG("ull"), BOOL(null),
        FLOAT(null), OTHER(null);

        final String suffix;

        LiteralStyle(String suffix) {
            this.suffix = suffix;
        }
    }

    /**
     * A type with words after its left half (cv or vendor qualifiers): everything but the left half is the
     * qualified type's own.
     */
    abstract static class QualifierSuffix extends Node {
        final Node child;

        QualifierSuffix(Node child) {
            this.child = child;
        }

        @Override
        void printRight(Printer p) {
            child.printRight(p);
        }

        @Override
        boolean hasRight(Printer p) {
            return child.hasRight(p);
        }

        @Override
        boolean isArray(Printer p) {
            return child.isArray(p);
        }

        @Override
        List<Node> children() {
            return List.of(child);
        }
    }

    /**
     * A type under cv-qualifiers: {@code char const}. The qualifiers follow the left half, so they land inside a
     * declarator: {@code void (* const)()}, and on the element of an array: {@code char const (&) [3]}.
     */
    static final class Qualified extends QualifierSuffix {
        final String qualifiers;

        Qualified(Node child, String qualifiers) {
            super(child);
            this.qualifiers = qualifiers;
        }

        @Override
        void printLeft(Printer p) {
            child.printLeft(p);
            String already = child instanceof TemplateParam param && param.resolve(p) instanceof Qualified inner
                    ? inner.qualifiers : "";
            for (String qualifier : qualifiers.trim().split(" ")) {
                // A template argument that is already const stays "T const", not "T const const".
                if (!already.contains(qualifier)) {
                    p.append(' ').append(qualifier);
                }
            }
        }
    }

    static final class VendorQualified extends QualifierSuffix {
        final String qualifier;

        VendorQualified(Node child, String qualifier) {
            super(child);
            this.qualifier = qualifier;
        }

        @Override
        void printLeft(Printer p) {
            child.printLeft(p);
            p.append(' ').append(qualifier);
        }
    }

    /** Pointers and references: {@code int*}, {@code void (*)(int)}, {@code int (&) [3]}. */
    static final class Indirection extends Node {
        final Node pointee;
        final String symbol;

        Indirection(Node pointee, String symbol) {
            this.pointee = pointee;
            this.symbol = symbol;
        }

        private boolean parenthesize(Printer p) {
            return pointee.isFunction(p) || pointee.isArray(p);
        }

        /** A reference to a reference (through a template argument) collapses: {@code & &&} is {@code &}. */
        private Indirection collapsed(Printer p) {
            if (!symbol.startsWith("&")) {
                return this;
            }
            Node target = pointee;
            while (target instanceof TemplateParam param && param.resolve(p) != null) {
                Node arg = param.resolve(p);
                if (arg instanceof ArgPack pack && p.packIndex >= 0 && p.packIndex < pack.elements.size()) {
                    arg = pack.elements.get(p.packIndex);
                }
                target = arg;
            }
            if (target instanceof Indirection inner && inner.symbol.startsWith("&")) {
                String combined = symbol.equals("&&") && inner.symbol.equals("&&") ? "&&" : "&";
                return new Indirection(inner.pointee, combined).collapsed(p);
            }
            return this;
        }

        @Override
        void printLeft(Printer p) {
            Object restore = p.enterReference(this);
            try {
                printLeftInScope(p);
            } finally {
                p.leaveReference(restore);
            }
        }

        private void printLeftInScope(Printer p) {
            Indirection effective = collapsed(p);
            if (effective != this) {
                effective.printLeft(p);
                return;
            }
            pointee.printLeft(p);
            if (pointee.isArray(p)) {
                p.append(" (");
            } else if (pointee.isFunction(p)) {
                p.append('(');
            }
            p.append(symbol);
        }

        @Override
        void printRight(Printer p) {
            Object restore = p.enterReference(this);
            try {
                printRightInScope(p);
            } finally {
                p.leaveReference(restore);
            }
        }

        private void printRightInScope(Printer p) {
            Indirection effective = collapsed(p);
            if (effective != this) {
                effective.printRight(p);
                return;
            }
            if (parenthesize(p)) {
                p.append(')');
            }
            pointee.printRight(p);
        }

        @Override
        boolean hasRight(Printer p) {
            return pointee.hasRight(p);
        }

        @Override
        List<Node> children() {
            return List.of(pointee);
        }
    }

    /** {@code int A::*}, {@code void (A::*)(int)}. */
    static final class MemberPointer extends Node {
        final Node owner;
        final Node member;

        MemberPointer(Node owner, Node member) {
            this.owner = owner;
            this.member = member;
        }

        private boolean parenthesize(Printer p) {
            return member.isFunction(p) || member.isArray(p);
        }

        @Override
        void printLeft(Printer p) {
            member.printLeft(p);
            p.append(member.isFunction(p) ? "(" : member.isArray(p) ? " (" : " ");
            owner.print(p);
            p.append("::*");
        }

        @Override
        void printRight(Printer p) {
            if (parenthesize(p)) {
                p.append(')');
            }
            member.printRight(p);
        }

        @Override
        boolean hasRight(Printer p) {
            return member.hasRight(p);
        }

        @Override
        List<Node> children() {
            return List.of(owner, member);
        }
    }

    static final class FunctionType extends Node {
        final Node returnType;
        final List<Node> parameters;
        String qualifiers;
        final String exceptionSpec;

        FunctionType(Node returnType, List<Node> parameters, String qualifiers, String exceptionSpec) {
            this.returnType = returnType;
            this.parameters = parameters;
            this.qualifiers = qualifiers;
            this.exceptionSpec = exceptionSpec;
        }

        @Override
        void printLeft(Printer p) {
            returnType.printLeft(p);
            p.append(' ');
        }

        @Override
        void printRight(Printer p) {
            p.append('(');
            printList(p, parameters);
            p.append(')');
            returnType.printRight(p);
            p.append(qualifiers);
            p.append(exceptionSpec);
        }

        @Override
        boolean hasRight(Printer p) {
            return true;
        }

        @Override
        boolean isFunction(Printer p) {
            return true;
        }

        @Override
        List<Node> children() {
            return parameters;
        }
    }

    static final class ArrayType extends Node {
        final Node element;
        final Node dimension;

        ArrayType(Node element, Node dimension) {
            this.element = element;
            this.dimension = dimension;
        }

        @Override
        void printLeft(Printer p) {
            element.printLeft(p);
        }

        @Override
        void printRight(Printer p) {
            if (p.last() != ']') {
                p.append(' ');
            }
            p.append('[');
            if (dimension != null) {
                dimension.print(p);
            }
            p.append(']');
            element.printRight(p);
        }

        @Override
        boolean hasRight(Printer p) {
            return true;
        }

        @Override
        boolean isArray(Printer p) {
            return true;
        }

        @Override
        List<Node> children() {
            return dimension == null ? List.of(element) : List.of(element, dimension);
        }
    }

    static final class VectorType extends Node {
        final Node element;
        final Node dimension;

        VectorType(Node element, Node dimension) {
            this.element = element;
            this.dimension = dimension;
        }

        @Override
        void printLeft(Printer p) {
            element.print(p);
            p.append(" __vector(");
            dimension.print(p);
            p.append(')');
        }
    }

    /** Expression operands print in parentheses unless they are names, parameters or initializer lists. */
    static void printOperand(Printer p, Node operand) {
        boolean simple = operand instanceof Name || operand instanceof Nested || operand instanceof FunctionParam
                || operand instanceof InitList;
        if (!simple) {
            p.append('(');
        }
        operand.print(p);
        if (!simple) {
            p.append(')');
        }
    }

    static final class FunctionParam extends Node {
        final int number;

        FunctionParam(int number) {
            this.number = number;
        }

        @Override
        void printLeft(Printer p) {
            p.append("{parm#").append(Integer.toString(number)).append('}');
        }
    }

    static final class Literal extends Node {
        final Builtin type;
        final Node typeNode;
        final String value;
        final boolean negative;

        Literal(Node typeNode, String value, boolean negative) {
            this.typeNode = typeNode;
            this.type = typeNode instanceof Builtin builtin ? builtin : null;
            this.value = value;
            this.negative = negative;
        }

        @Override
        void printLeft(Printer p) {
            LiteralStyle style = type == null ? LiteralStyle.OTHER : type.style;
            if (style.suffix != null) {
                if (negative) {
                    p.append('-');
                }
                p.append(value).append(style.suffix);
                return;
            }
            if (style == LiteralStyle.BOOL && !negative && (value.equals("0") || value.equals("1"))) {
                p.append(value.equals("0") ? "false" : "true");
                return;
            }
            p.append('(');
            typeNode.print(p);
            p.append(')');
            if (negative) {
                p.append('-');
            }
            if (style == LiteralStyle.FLOAT) {
                p.append('[').append(value).append(']');
            } else {
                p.append(value);
            }
        }
    }

    static final class Binary extends Node {
        final String operator;
        final Node left;
        final Node right;

        Binary(String operator, Node left, Node right) {
            this.operator = operator;
            this.left = left;
            this.right = right;
        }

        @Override
        void printLeft(Printer p) {
            boolean greater = operator.equals(">");
            if (greater) {
                p.append('(');
            }
            printOperand(p, left);
            if (operator.equals("[]")) {
                p.append('[');
                right.print(p);
                p.append(']');
            } else {
                p.append(operator);
                printOperand(p, right);
            }
            if (greater) {
                p.append(')');
            }
        }

        @Override
        List<Node> children() {
            return List.of(left, right);
        }
    }

    static final class Prefix extends Node {
        final String operator;
        final Node operand;

        Prefix(String operator, Node operand) {
            this.operator = operator;
            this.operand = operand;
        }

        @Override
        void printLeft(Printer p) {
            p.append(operator);
            printOperand(p, operand);
        }

        @Override
        List<Node> children() {
            return List.of(operand);
        }
    }

    static final class Postfix extends Node {
        final String operator;
        final Node operand;

        Postfix(String operator, Node operand) {
            this.operator = operator;
            this.operand = operand;
        }

        @Override
        void printLeft(Printer p) {
            printOperand(p, operand);
            p.append(operator);
        }

        @Override
        List<Node> children() {
            return List.of(operand);
        }
    }

    static final class Conditional extends Node {
        final Node condition;
        final Node then;
        final Node otherwise;

        Conditional(Node condition, Node then, Node otherwise) {
            this.condition = condition;
            this.then = then;
            this.otherwise = otherwise;
        }

        @Override
        void printLeft(Printer p) {
            printOperand(p, condition);
            p.append('?');
            printOperand(p, then);
            p.append(" : ");
            printOperand(p, otherwise);
        }

        @Override
        List<Node> children() {
            return List.of(condition, then, otherwise);
        }
    }

    static final class Call extends Node {
        final Node function;
        final List<Node> arguments;

        Call(Node function, List<Node> arguments) {
            this.function = function;
            this.arguments = arguments;
        }

        @Override
        void printLeft(Printer p) {
            printOperand(p, function);
            p.append('(');
            printList(p, arguments);
            p.append(')');
        }

        @Override
        List<Node> children() {
            List<Node> all = new java.util.ArrayList<>(arguments);
            all.add(function);
            return all;
        }
    }

    /** {@code (type)(operand)} and the named casts {@code static_cast<type>(operand)}. */
    static final class Cast extends Node {
        final String keyword;
        final Node type;
        final List<Node> operands;

        Cast(String keyword, Node type, List<Node> operands) {
            this.keyword = keyword;
            this.type = type;
            this.operands = operands;
        }

        @Override
        void printLeft(Printer p) {
            if (keyword == null) {
                p.append('(');
                type.print(p);
                p.append(')');
                if (operands.size() == 1) {
                    printOperand(p, operands.get(0));
                } else {
                    p.append('(');
                    printList(p, operands);
                    p.append(')');
                }
                return;
            }
            p.append(keyword).append('<');
            type.print(p);
            p.append(">(");
            printList(p, operands);
            p.append(')');
        }

        @Override
        List<Node> children() {
            List<Node> all = new java.util.ArrayList<>(operands);
            all.add(type);
            return all;
        }
    }

    /** {@code sizeof (T)}, {@code alignof (x)}, {@code decltype (x)}, {@code typeid (x)}, {@code throw x}. */
    static final class KeywordOf extends Node {
        final String keyword;
        final Node operand;
        final boolean parenthesized;

        KeywordOf(String keyword, Node operand, boolean parenthesized) {
            this.keyword = keyword;
            this.operand = operand;
            this.parenthesized = parenthesized;
        }

        @Override
        void printLeft(Printer p) {
            p.append(keyword);
            if (parenthesized) {
                p.append(" (");
                operand.print(p);
                p.append(')');
            } else {
                printOperand(p, operand);
            }
        }

        @Override
        List<Node> children() {
            return List.of(operand);
        }
    }

    static final class InitList extends Node {
        final Node type;
        final List<Node> elements;

        InitList(Node type, List<Node> elements) {
            this.type = type;
            this.elements = elements;
        }

        @Override
        void printLeft(Printer p) {
            if (type != null) {
                type.print(p);
            }
            p.append('{');
            printList(p, elements);
            p.append('}');
        }

        @Override
        List<Node> children() {
            return elements;
        }
    }
}
