package io.tachyon.symbols.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What binutils' readelf says about a file: the reference the tests compare the reader with. */
final class ReadElf {

    record Section(int index, String name, String type, long address, long offset, long size) {
    }

    record Load(long offset, long address, long fileSize, boolean executable) {
    }

    record Sym(String table, String name, long value, long size, String type, String binding, String sectionIndex) {
        boolean isDefinedFunction() {
            return (type.equals("FUNC") || type.equals("IFUNC")) && !sectionIndex.equals("UND")
                    && !sectionIndex.equals("ABS") && !sectionIndex.equals("COM") && !name.isEmpty();
        }
    }

    private static final Pattern SECTION = Pattern.compile(
            "^\\s*\\[\\s*(\\d+)]\\s+(\\S+)\\s+([A-Za-z_][A-Za-z_0-9+]*)\\s+([0-9a-f]+)\\s+([0-9a-f]+)\\s+([0-9a-f]+)\\s.*$");
    private static final Pattern LOAD = Pattern.compile(
            "^\\s*LOAD\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x[0-9a-f]+\\s+0x([0-9a-f]+)\\s+0x[0-9a-f]+\\s+(.{3})\\s+0x[0-9a-f]+$");
    private static final Pattern SYMBOL = Pattern.compile(
            "^\\s*\\d+:\\s+([0-9a-f]+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(?:\\[[^]]*]\\s+)?(\\S+)\\s?(.*)$");
    private static final Pattern TABLE = Pattern.compile("^Symbol table '([^']+)'.*");
    private static final Pattern BUILD_ID = Pattern.compile("^\\s*Build ID: ([0-9a-f]+)\\s*$");

    private ReadElf() {
    }

    static List<Section> sections(Path file) {
        List<Section> out = new ArrayList<>();
        for (String line : Tools.run("readelf", "-SW", file.toString()).split("\n")) {
            Matcher m = SECTION.matcher(line);
            if (m.matches()) {
                out.add(new Section(Integer.parseInt(m.group(1)), m.group(2), m.group(3),
                        Long.parseUnsignedLong(m.group(4), 16), Long.parseUnsignedLong(m.group(5), 16),
                        Long.parseUnsignedLong(m.group(6), 16)));
            }
        }
        return out;
    }

    static List<Load> loads(Path file) {
        List<Load> out = new ArrayList<>();
        for (String line : Tools.run("readelf", "-lW", file.toString()).split("\n")) {
            Matcher m = LOAD.matcher(line);
            if (m.matches()) {
                out.add(new Load(Long.parseUnsignedLong(m.group(1), 16), Long.parseUnsignedLong(m.group(2), 16),
                        Long.parseUnsignedLong(m.group(3), 16), m.group(4).contains("E")));
            }
        }
        return out;
    }

    /** Both .symtab and .dynsym; .dynsym names lose the version suffix readelf adds. */
    static List<Sym> symbols(Path file) {
        List<Sym> out = new ArrayList<>();
        String table = "";
        for (String line : Tools.run("readelf", "-sW", file.toString()).split("\n")) {
            Matcher t = TABLE.matcher(line);
            if (t.matches()) {
                table = t.group(1);
                continue;
            }
            Matcher m = SYMBOL.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String name = m.group(7).trim();
            if (table.equals(".dynsym")) {
                int at = name.indexOf('@');
                name = at < 0 ? name : name.substring(0, at);
            }
            String size = m.group(2);
            out.add(new Sym(table, name, Long.parseUnsignedLong(m.group(1), 16),
                    size.startsWith("0x") ? Long.parseUnsignedLong(size.substring(2), 16) : Long.parseLong(size),
                    m.group(3), m.group(4), m.group(6)));
        }
        return out;
    }

    static Optional<String> buildId(Path file) {
        for (String line : Tools.run("readelf", "-n", file.toString()).split("\n")) {
            Matcher m = BUILD_ID.matcher(line);
            if (m.matches()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /** The file offset of virtual address {@code address}, executable segments first, or -1. */
    static long fileOffset(List<Load> loads, long address) {
        for (boolean executable : new boolean[] {true, false}) {
            for (Load load : loads) {
                if (load.executable() == executable && Long.compareUnsigned(address, load.address()) >= 0
                        && Long.compareUnsigned(address - load.address(), load.fileSize()) < 0) {
                    return load.offset() + (address - load.address());
                }
            }
        }
        return -1;
    }
}
