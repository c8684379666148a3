package io.tachyon.analysis.internal;

import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.SourceLocation;
import io.tachyon.api.symbols.Symbol;
import io.tachyon.api.symbols.SymbolizedFrame;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What a hit address's frames become as an embedded source position, and the modules done on parallel threads. */
class SourcePositionsTest {

    private static final System.Logger LOG = System.getLogger(SourcePositionsTest.class.getName());

    @Test
    void inlinedCallsComeInnermostFirstAndTheFunctionHoldingTheCodeLast() {
        List<SymbolizedFrame> frames = List.of(
                new SymbolizedFrame("square", "square", new SourceLocation("math.h", 2, 12), true),
                new SymbolizedFrame("sum_squares", "sum_squares", new SourceLocation("math.c", 7, 3), true),
                new SymbolizedFrame("main", "main", new SourceLocation("main.c", 20, 5), false));

        EmbeddedSymbols.Range position = SourcePositions.position(0x1234, frames);

        assertThat(position).isEqualTo(new EmbeddedSymbols.Range(0x1234, 1, "main", "main.c", 20,
                List.of(new EmbeddedSymbols.InlinedCall("square", "math.h", 2),
                        new EmbeddedSymbols.InlinedCall("sum_squares", "math.c", 7))));
    }

    @Test
    void anAddressNamedOnlyByItsFunctionHasNoPosition() {
        assertThat(SourcePositions.position(0x10, List.of())).isNull();
        assertThat(SourcePositions.position(0x10, List.of(SymbolizedFrame.of(new Symbol("f", 0, 0x20))))).isNull();
        assertThat(SourcePositions.position(0x10, List.of(
                new SymbolizedFrame("inner", "inner", null, true), SymbolizedFrame.of(new Symbol("f", 0, 0x20)))))
                .as("an inlined call without a line still says which function was inlined")
                .isEqualTo(new EmbeddedSymbols.Range(0x10, 1, "f", null, 0,
                        List.of(new EmbeddedSymbols.InlinedCall("inner", null, 0))));
    }

    @Test
    void modulesKeepTheirOrderAndAFailingOneCostsOnlyItsOwnPositions() {
        List<ModuleSymbols> modules = new ArrayList<>();
        List<long[]> addresses = new ArrayList<>();
        for (int module = 0; module < 6; module++) {
            modules.add(module == 3 ? failing() : lines("m" + module + ".c"));
            addresses.add(LongStream.range(0, 1000 + module).map(i -> i * 4).toArray());
        }

        List<List<EmbeddedSymbols.Range>> positions = SourcePositions.ofModules(modules, addresses, LOG);

        assertThat(positions).hasSize(6);
        for (int module = 0; module < 6; module++) {
            if (module == 3) {
                assertThat(positions.get(module)).isEmpty();
                continue;
            }
            assertThat(positions.get(module)).hasSize(1000 + module)
                    .allSatisfy(range -> assertThat(range.file()).isEqualTo("m" + range.name().substring(1) + ".c"))
                    .extracting(EmbeddedSymbols.Range::name).containsOnly("f" + module);
        }
    }

    /** Every address is in function f<n> of file m<n>.c, line address / 4. */
    private static ModuleSymbols lines(String file) {
        String function = "f" + file.substring(1, file.indexOf('.'));
        return new ModuleSymbols() {
            @Override
            public Optional<Symbol> lookup(long address) {
                return Optional.of(new Symbol(function, 0, 1 << 20));
            }

            @Override
            public List<SymbolizedFrame> symbolize(long address) {
                return List.of(new SymbolizedFrame(function, function,
                        new SourceLocation(file, (int) (address / 4), 0), false));
            }
        };
    }

    private static ModuleSymbols failing() {
        return address -> {
            throw new IllegalStateException("resolver stopped");
        };
    }
}
