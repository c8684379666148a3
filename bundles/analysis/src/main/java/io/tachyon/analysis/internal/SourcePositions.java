package io.tachyon.analysis.internal;

import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.SourceLocation;
import io.tachyon.api.symbols.SymbolizedFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The source positions of the addresses a capture's frames hit, as {@link EmbeddedSymbols#lines()} keeps them: what
 * a capture embeds so that its lines and inlined calls read where its modules are not.
 *
 * <p>Public (in an internal package) so the symbolization benchmark measures this very code.
 */
public final class SourcePositions {

    private SourcePositions() {
    }

    /**
     * The positions of {@code addresses} (module addresses, as {@link ModuleSymbols#symbolize} takes them): one
     * range per address whose frames carry a source file or inlined calls; addresses the symbols can only name a
     * function for give none (the embedded function ranges already say that).
     */
    public static List<EmbeddedSymbols.Range> of(ModuleSymbols symbols, long[] addresses) {
        List<EmbeddedSymbols.Range> positions = new ArrayList<>();
        for (long address : addresses) {
            EmbeddedSymbols.Range position = position(address, symbols.symbolize(address));
            if (position != null) {
                positions.add(position);
            }
        }
        return positions;
    }

    /**
     * {@link #of} for each module, on parallel threads (at most one a CPU): modules are independent, and a module's
     * debug information (inflating it, reading its units) is most of the cost. In the order given; a module whose
     * symbols fail gets no positions rather than costing the others theirs.
     */
    public static List<List<EmbeddedSymbols.Range>> ofModules(List<ModuleSymbols> symbols, List<long[]> addresses,
            System.Logger logger) {
        int threads = Math.min(symbols.size(), Runtime.getRuntime().availableProcessors());
        if (threads <= 1) {
            List<List<EmbeddedSymbols.Range>> positions = new ArrayList<>();
            for (int i = 0; i < symbols.size(); i++) {
                positions.add(guarded(symbols.get(i), addresses.get(i), logger));
            }
            return positions;
        }
        AtomicInteger started = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "tachyon-source-positions-" + started.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<List<EmbeddedSymbols.Range>>> futures = new ArrayList<>();
            for (int i = 0; i < symbols.size(); i++) {
                ModuleSymbols module = symbols.get(i);
                long[] moduleAddresses = addresses.get(i);
                futures.add(pool.submit(() -> guarded(module, moduleAddresses, logger)));
            }
            List<List<EmbeddedSymbols.Range>> positions = new ArrayList<>();
            for (Future<List<EmbeddedSymbols.Range>> future : futures) {
                positions.add(future.get());
            }
            return positions;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while finding source positions", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("finding source positions failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<EmbeddedSymbols.Range> guarded(ModuleSymbols symbols, long[] addresses, System.Logger logger) {
        try {
            return of(symbols, addresses);
        } catch (RuntimeException | StackOverflowError e) {
            // The contract says symbolize does not throw; a resolver that does (or whose bundle left, or that
            // recurses too deep on a malformed file) loses its module's lines only.
            logger.log(System.Logger.Level.WARNING, "source positions of " + symbols + " failed", e);
            return List.of();
        }
    }

    /** Frames innermost first, as symbolize gives them; the last is the function whose code holds the address. */
    static EmbeddedSymbols.Range position(long address, List<SymbolizedFrame> frames) {
        if (frames.isEmpty()) {
            return null;
        }
        SymbolizedFrame outer = frames.get(frames.size() - 1);
        if (outer.source() == null && frames.size() == 1) {
            return null;
        }
        List<EmbeddedSymbols.InlinedCall> inlined = new ArrayList<>(frames.size() - 1);
        for (int i = 0; i < frames.size() - 1; i++) {
            SourceLocation source = frames.get(i).source();
            inlined.add(new EmbeddedSymbols.InlinedCall(frames.get(i).name(), source == null ? null : source.file(),
                    source == null ? 0 : source.line()));
        }
        SourceLocation source = outer.source();
        return new EmbeddedSymbols.Range(address, 1, outer.name(), source == null ? null : source.file(),
                source == null ? 0 : source.line(), inlined);
    }
}
