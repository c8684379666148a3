package io.tachyon.analysis.internal;

import io.tachyon.api.symbols.SymbolResolver;

import org.osgi.framework.Constants;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The symbol resolvers registered now, in the order they are consulted: highest {@code service.ranking}
 * first, and for equal ranking the lowest {@code service.id} (the earliest registered), as the framework
 * orders service references. Resolvers come and go while models are built: {@link #current()} returns
 * an immutable snapshot, which stays safe to iterate whatever registers or leaves meanwhile.
 */
final class RankedResolvers {

    private record Entry(SymbolResolver resolver, int ranking, long serviceId) {
    }

    private static final Comparator<Entry> CONSULTING_ORDER = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private List<Entry> entries = List.of();
    private volatile List<SymbolResolver> current = List.of();

    synchronized void add(SymbolResolver resolver, Map<String, ?> properties) {
        List<Entry> updated = new ArrayList<>(entries);
        updated.add(entry(resolver, properties));
        publish(updated);
    }

    synchronized void remove(Map<String, ?> properties) {
        List<Entry> updated = new ArrayList<>(entries);
        updated.removeIf(sameService(properties));
        publish(updated);
    }

    /** A resolver's properties changed (its ranking may have): it moves in one step. */
    synchronized void update(SymbolResolver resolver, Map<String, ?> properties) {
        List<Entry> updated = new ArrayList<>(entries);
        updated.removeIf(sameService(properties));
        updated.add(entry(resolver, properties));
        publish(updated);
    }

    List<SymbolResolver> current() {
        return current;
    }

    private void publish(List<Entry> updated) {
        updated.sort(CONSULTING_ORDER);
        entries = List.copyOf(updated);
        current = updated.stream().map(Entry::resolver).toList();
    }

    private static Entry entry(SymbolResolver resolver, Map<String, ?> properties) {
        return new Entry(resolver, ranking(properties), serviceId(properties));
    }

    private static Predicate<Entry> sameService(Map<String, ?> properties) {
        long serviceId = serviceId(properties);
        return entry -> entry.serviceId() == serviceId;
    }

    /** The ranking as the framework reads it: an Integer, anything else counts as 0. */
    private static int ranking(Map<String, ?> properties) {
        return properties.get(Constants.SERVICE_RANKING) instanceof Integer ranking ? ranking : 0;
    }

    private static long serviceId(Map<String, ?> properties) {
        if (properties.get(Constants.SERVICE_ID) instanceof Long id) {
            return id;
        }
        throw new IllegalArgumentException("service properties without a Long " + Constants.SERVICE_ID + ": "
                + properties);
    }
}
