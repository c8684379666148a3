package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.Symbol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** PLT stub names against objdump's {@code <name@plt>} labels, in programs built here (with and without IBT) and libc. */
class PltSymbolsTest {

    private static final Pattern LABEL = Pattern.compile("^([0-9a-f]+) <([^>]+@plt)>:$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    void programStubsAreNamedAsObjdumpNamesThem() throws IOException {
        String source = "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
                + "int main(int c, char **v) { char *p = malloc(64); strcpy(p, v[0]); printf(\"%s %zu\\n\", p, strlen(p));"
                + " free(p); return 0; }\n";
        compareWithObjdump(Tools.compile(dir, "plain", source, "-O1", "-fcf-protection=none"), 4);
        compareWithObjdump(Tools.compile(dir, "ibt", source, "-O1", "-fcf-protection=full"), 4);
        compareWithObjdump(Tools.compile(dir, "nopie", source, "-O1", "-no-pie", "-fno-pie"), 4);
    }

    @Test
    void libcStubsAreNamedAsObjdumpNamesThem() throws IOException {
        compareWithObjdump(TestSupport.libc(), 5);
    }

    private static void compareWithObjdump(Path file, int atLeast) throws IOException {
        Tools.requireTool("objdump");
        Map<Long, String> labels = new TreeMap<>();
        Matcher m = LABEL.matcher(Tools.run("objdump", "-d", "--no-show-raw-insn", file.toString()));
        while (m.find()) {
            labels.put(Long.parseUnsignedLong(m.group(1), 16), m.group(2));
        }
        assertThat(labels).as(file + " PLT labels").hasSizeGreaterThanOrEqualTo(atLeast);
        ElfModuleSymbols symbols = ElfModuleSymbolsTest.read(file);
        for (Map.Entry<Long, String> label : labels.entrySet()) {
            long offset = symbols.fileOffsetOf(label.getKey());
            Symbol symbol = symbols.lookup(offset).orElseThrow(() -> new AssertionError("no name at " + label));
            assertThat(symbol.rawName()).as(file + " 0x" + Long.toHexString(label.getKey()))
                    .isEqualTo(label.getValue().replaceAll("@[A-Z_0-9.]+@plt$", "@plt"));
            assertThat(symbol.address()).isEqualTo(label.getKey());
        }
        System.out.println(file + ": " + labels.size() + " PLT stubs named as objdump names them");
    }
}
