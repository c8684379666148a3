package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureChunk;
import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.capture.CaptureReader;
import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.capture.TimeRange;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

import static io.tachyon.storage.internal.TcapFormat.CHUNK_DICTIONARY;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_END;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_EVENTS;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_HEALTH;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_HEADER_BYTES;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_INDEX;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_LINES;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_METADATA;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_SYMBOLS;
import static io.tachyon.storage.internal.TcapFormat.END_CHUNK_BYTES;
import static io.tachyon.storage.internal.TcapFormat.END_PAYLOAD_BYTES;
import static io.tachyon.storage.internal.TcapFormat.FILE_HEADER_BYTES;
import static io.tachyon.storage.internal.TcapFormat.MAGIC;
import static io.tachyon.storage.internal.TcapFormat.MAJOR_VERSION;
import static io.tachyon.storage.internal.TcapFormat.MINOR_VERSION;
import static io.tachyon.storage.internal.TcapFormat.chunkTypeName;

/**
 * Reads a .tcap file. {@link #open} checks the header and METADATA, then reads the INDEX that END points to
 * from the end of the file; only a file without an intact END and INDEX (killed recorder, full disk,
 * truncated copy) is scanned chunk by chunk, up to its first damaged chunk. Reading events then visits only
 * the chunks a query needs, with the dictionary chunks they depend on, and delivers a chunk's events only
 * once all of the chunk has been verified and decoded.
 */
public final class TcapReader implements CaptureReader {

    /** Enough to keep the decoding thread busy while the consumer works through a chunk, few enough to bound memory. */
    private static final int DECODED_CHUNKS_AHEAD = 2;

    private final Path file;
    private final FileChannel channel;
    private final ChunkIo io;
    private final CaptureMetadata metadata;
    private final int majorVersion;
    private final int minorVersion;
    private final List<String> warnings = new ArrayList<>();
    private final List<ChunkEntry> chunks;
    private final boolean indexed;
    private final long firstChunkAfterMetadata;
    private boolean closedCleanly;
    private long recordedEvents = -1;
    private CaptureFormatException damage;

    /** The dictionary as it stands before chunk {@code dictionaryPosition} (an index into {@link #chunks}). */
    private Dictionary dictionary = new Dictionary();
    private int dictionaryPosition;

    private TcapReader(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.io = new ChunkIo(file, channel);
        long size = channel.size();
        ByteBuffer header = readFileHeader(size);
        majorVersion = Short.toUnsignedInt(header.getShort(4));
        minorVersion = Short.toUnsignedInt(header.getShort(6));
        checkVersion();
        if (size == FILE_HEADER_BYTES) {
            throw new CaptureFormatException(file, FILE_HEADER_BYTES,
                    "expected the METADATA chunk, found the end of the file");
        }
        ChunkIo.Header first = io.header(FILE_HEADER_BYTES, size);
        if (first.type() != CHUNK_METADATA) {
            throw new CaptureFormatException(file, first.offset(),
                    "expected the METADATA chunk first, found a chunk of " + chunkTypeName(first.type()));
        }
        metadata = new MetadataCodec().decode(file, first.offset(), io.payload(first));
        firstChunkAfterMetadata = first.end();
        List<ChunkEntry> fromIndex = readIndex(first.end(), size);
        indexed = fromIndex != null;
        chunks = indexed ? fromIndex : scan(first.end(), size);
        for (ChunkEntry chunk : chunks) {
            if (!TcapFormat.isKnown(chunk.type())) {
                warnings.add("skipped a chunk of " + chunkTypeName(chunk.type()) + " (" + chunk.length()
                        + " bytes) at offset " + chunk.offset());
            }
        }
        if (damage != null) {
            warnings.add("the capture is damaged at offset " + damage.offset() + " (" + DamageMessages.problem(damage)
                    + "); what comes before is readable, and `tachyon recover` writes a clean copy");
        }
    }

    /** Opens {@code file}, or throws {@link CaptureFormatException} when it is not a capture this reader can read. */
    public static TcapReader open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new TcapReader(file, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public CaptureMetadata metadata() {
        return metadata;
    }

    public int majorVersion() {
        return majorVersion;
    }

    public int minorVersion() {
        return minorVersion;
    }

    /** Whether the file was opened through its INDEX rather than by scanning its chunks. */
    public boolean indexed() {
        return indexed;
    }

    /** Bytes this reader has read from the file so far. */
    public long bytesRead() {
        return io.bytesRead();
    }

    /** Whether the file has an intact END chunk, i.e. its writer was closed rather than killed. */
    @Override
    public boolean closedCleanly() {
        return closedCleanly;
    }

    /** What this reader skipped or doubts: chunks of types it does not know, a newer minor version, damage. */
    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public Optional<CaptureFormatException> damage() {
        return Optional.ofNullable(damage);
    }

    @Override
    public List<CaptureChunk> chunks() {
        List<CaptureChunk> events = new ArrayList<>();
        for (ChunkEntry chunk : chunks) {
            if (chunk.type() == CHUNK_EVENTS) {
                events.add(chunk.summary().toCaptureChunk(chunk.offset(), CHUNK_HEADER_BYTES + chunk.length()));
            }
        }
        return events;
    }

    long firstChunkAfterMetadata() {
        return firstChunkAfterMetadata;
    }

    @Override
    public void forEach(Consumer<? super CaptureEvent> consumer) throws IOException {
        long delivered = readWithAdvice(TimeRange.ALL, null, consumer);
        if (damage != null) {
            throw DamageMessages.afterIntactPrefix(damage);
        }
        if (recordedEvents >= 0 && delivered != recordedEvents) {
            throw new CaptureFormatException(file, channel.size() - END_CHUNK_BYTES, "END chunk counts "
                    + recordedEvents + " events, but the EVENTS chunks hold " + delivered);
        }
    }

    @Override
    public void forEach(TimeRange window, IntPredicate threads, Consumer<? super CaptureEvent> consumer)
            throws IOException {
        readWithAdvice(window, threads, consumer);
        if (damage != null && reachesPastIntactChunks(window)) {
            throw DamageMessages.afterIntactPrefix(damage);
        }
    }

    /**
     * One module per SYMBOLS chunk, in file order. A LINES chunk adds its lines to the latest module before it with
     * the same path and build-id; without one (its SYMBOLS chunk was lost) it is a module of its own, without
     * functions. A damaged LINES chunk is left out with a warning ({@link #warnings}): source lines are extra, and
     * must not cost the capture its function names. A damaged SYMBOLS chunk is an error.
     */
    @Override
    public List<EmbeddedSymbols> embeddedSymbols() throws IOException {
        record Module(String path, String buildId) {
        }
        List<Module> modules = new ArrayList<>();
        List<List<EmbeddedSymbols.Range>> functions = new ArrayList<>();
        List<List<EmbeddedSymbols.Range>> lines = new ArrayList<>();
        Map<Module, Integer> latest = new HashMap<>();
        for (ChunkEntry chunk : chunks) {
            if (chunk.type() != CHUNK_SYMBOLS && chunk.type() != CHUNK_LINES) {
                continue;
            }
            SymbolsCodec.ModuleRanges ranges;
            try {
                ranges = readModuleRanges(chunk);
            } catch (CaptureFormatException damage) {
                if (chunk.type() != CHUNK_LINES) {
                    throw damage;
                }
                warnings.add("the source lines embedded at offset " + chunk.offset()
                        + " are damaged and not used: " + damage.getMessage());
                continue;
            }
            Module module = new Module(ranges.path(), ranges.buildId());
            Integer position = chunk.type() == CHUNK_LINES ? latest.get(module) : null;
            if (position == null) {
                position = modules.size();
                latest.put(module, position);
                modules.add(module);
                functions.add(chunk.type() == CHUNK_SYMBOLS ? ranges.ranges() : List.of());
                lines.add(new ArrayList<>());
            }
            if (chunk.type() == CHUNK_LINES) {
                lines.get(position).addAll(ranges.ranges());
            }
        }
        List<EmbeddedSymbols> symbols = new ArrayList<>(modules.size());
        for (int i = 0; i < modules.size(); i++) {
            symbols.add(new EmbeddedSymbols(modules.get(i).path(), modules.get(i).buildId(), functions.get(i),
                    lines.get(i)));
        }
        return symbols;
    }

    private SymbolsCodec.ModuleRanges readModuleRanges(ChunkEntry chunk) throws IOException {
        String what = chunkTypeName(chunk.type()) + " chunk";
        byte[] module = Compression.decompress(source(chunk, payload(chunk), what));
        return SymbolsCodec.read(decompressed(chunk, module, what), chunkTypeName(chunk.type()));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private long readWithAdvice(TimeRange window, IntPredicate threads, Consumer<? super CaptureEvent> consumer)
            throws IOException {
        try {
            return read(window, threads, consumer);
        } catch (CaptureFormatException e) {
            throw DamageMessages.afterIntactPrefix(e);
        }
    }

    /**
     * Delivers the events of the window (all events when {@code threads} is null); returns how many of them came
     * from EVENTS chunks (what END counts). With a spare core, chunks are decoded ahead of the consumer.
     */
    private long read(TimeRange window, IntPredicate threads, Consumer<? super CaptureEvent> consumer)
            throws IOException {
        int[] positions = chunksToRead(window, threads);
        if (positions.length < 2 || Runtime.getRuntime().availableProcessors() < 2) {
            long delivered = 0;
            for (int position : positions) {
                delivered += deliver(chunks.get(position), decode(position), window, threads, consumer);
            }
            return delivered;
        }
        try (DecodeAhead ahead = new DecodeAhead(positions, this::decode, DECODED_CHUNKS_AHEAD, file.toString())) {
            long delivered = 0;
            for (int position : positions) {
                delivered += deliver(chunks.get(position), ahead.next(), window, threads, consumer);
            }
            return delivered;
        }
    }

    /** The positions of the HEALTH chunks and of the EVENTS chunks that may hold events of the window. */
    private int[] chunksToRead(TimeRange window, IntPredicate threads) {
        int[] positions = new int[chunks.size()];
        int count = 0;
        for (int i = 0; i < chunks.size(); i++) {
            ChunkEntry chunk = chunks.get(i);
            boolean wanted = chunk.type() == CHUNK_HEALTH || chunk.type() == CHUNK_EVENTS
                    && (threads != null ? chunk.summary().mayHold(window, threads)
                            : chunk.summary().times().overlaps(window));
            if (wanted) {
                positions[count++] = i;
            }
        }
        return Arrays.copyOf(positions, count);
    }

    private List<CaptureEvent> decode(int position) throws IOException {
        ChunkEntry chunk = chunks.get(position);
        return chunk.type() == CHUNK_HEALTH ? decodeHealth(chunk) : decodeEvents(chunk, dictionaryBefore(position));
    }

    /**
     * Gives the consumer the events of one decoded chunk that lie in the window; returns how many came from an
     * EVENTS chunk (what END counts). Health events concern every thread, like lost records.
     */
    private static long deliver(ChunkEntry chunk, List<CaptureEvent> events, TimeRange window, IntPredicate threads,
            Consumer<? super CaptureEvent> consumer) {
        long delivered = 0;
        for (CaptureEvent event : events) {
            if (window.contains(event.time()) && (chunk.type() == CHUNK_HEALTH || threads == null
                    || CaptureReader.concerns(event, threads))) {
                consumer.accept(event);
                if (chunk.type() == CHUNK_EVENTS) {
                    delivered++;
                }
            }
        }
        return delivered;
    }

    private List<CaptureEvent> decodeHealth(ChunkEntry chunk) throws IOException {
        byte[] rows = Compression.decompress(source(chunk, payload(chunk), "HEALTH chunk"));
        return HealthCodec.read(decompressed(chunk, rows, "HEALTH chunk"));
    }

    private List<CaptureEvent> decodeEvents(ChunkEntry chunk, Dictionary before) throws IOException {
        ByteSource payload = source(chunk, payload(chunk), "EVENTS chunk");
        ChunkSummary summary = ChunkSummary.read(payload);
        if (!summary.equals(chunk.summary())) {
            throw new CaptureFormatException(file, chunk.offset(),
                    "EVENTS chunk: its summary differs from the INDEX entry for it");
        }
        int generationAt = payload.position();
        before.requireGeneration(payload, generationAt, payload.uvar("dictionary generation"));
        byte[] body = Compression.decompress(payload);
        return EventsDecoder.decode(decompressed(chunk, body, "EVENTS chunk body"), summary, before);
    }

    /** The dictionary as it stands before chunk {@code position}, reading only the DICTIONARY chunks it needs. */
    private Dictionary dictionaryBefore(int position) throws IOException {
        int start = dictionaryPosition;
        if (position < dictionaryPosition) {
            dictionary = new Dictionary();
            start = 0;
        }
        for (int i = position - 1; i >= start; i--) {
            ChunkEntry chunk = chunks.get(i);
            if (chunk.type() == CHUNK_DICTIONARY && chunk.reset()) {
                dictionary = new Dictionary();
                start = i;
                break;
            }
        }
        for (int i = start; i < position; i++) {
            ChunkEntry chunk = chunks.get(i);
            if (chunk.type() == CHUNK_DICTIONARY) {
                applyDictionary(chunk);
            }
        }
        dictionaryPosition = position;
        return dictionary;
    }

    private void applyDictionary(ChunkEntry chunk) throws IOException {
        ByteSource payload = source(chunk, payload(chunk), "DICTIONARY chunk");
        Dictionary.Header header = Dictionary.Header.read(payload);
        if (header.reset() != chunk.reset()) {
            throw new CaptureFormatException(file, chunk.offset(),
                    "DICTIONARY chunk: its reset flag differs from the INDEX entry for it");
        }
        byte[] entries = Compression.decompress(payload);
        try {
            dictionary.apply(header, decompressed(chunk, entries, "DICTIONARY chunk"));
        } catch (CaptureFormatException e) {
            // A half-applied dictionary is no dictionary: the next read starts it again.
            dictionary = new Dictionary();
            dictionaryPosition = 0;
            throw e;
        }
    }

    private byte[] payload(ChunkEntry chunk) throws IOException {
        ChunkIo.Header header = io.header(chunk.offset(), channel.size());
        if (header.type() != chunk.type() || header.length() != chunk.length()) {
            throw new CaptureFormatException(file, chunk.offset(), "expected a chunk of " + chunkTypeName(chunk.type())
                    + " with " + chunk.length() + " payload bytes as the index says, found a chunk of "
                    + chunkTypeName(header.type()) + " with " + header.length());
        }
        return io.payload(header);
    }

    private ByteSource source(ChunkEntry chunk, byte[] payload, String what) {
        ByteSource.Origin origin = new ByteSource.Origin(file, chunk.offset(),
                chunk.offset() + CHUNK_HEADER_BYTES, what + " at offset " + chunk.offset());
        return new ByteSource(origin, payload, 0, payload.length);
    }

    private ByteSource decompressed(ChunkEntry chunk, byte[] data, String what) {
        ByteSource.Origin origin = new ByteSource.Origin(file, chunk.offset(), -1, what + " at offset " + chunk.offset());
        return new ByteSource(origin, data, 0, data.length);
    }

    private boolean reachesPastIntactChunks(TimeRange window) {
        long lastIntact = Long.MIN_VALUE;
        for (ChunkEntry chunk : chunks) {
            if (chunk.type() == CHUNK_EVENTS) {
                lastIntact = Math.max(lastIntact, chunk.summary().lastTime());
            }
        }
        return window.last() > lastIntact;
    }

    private void checkVersion() throws CaptureFormatException {
        String theirs = majorVersion + "." + minorVersion;
        String ours = MAJOR_VERSION + "." + MINOR_VERSION;
        if (majorVersion > MAJOR_VERSION) {
            throw new CaptureFormatException(file, 4, "capture format version " + theirs
                    + " is newer than this reader's " + ours + "; a newer Tachyon is needed to read it");
        }
        if (majorVersion < MAJOR_VERSION) {
            throw new CaptureFormatException(file, 4, "capture format version " + theirs
                    + " is not supported; this reader reads " + MAJOR_VERSION + ".x (" + theirs
                    + " was a development format that was never released)");
        }
        if (minorVersion > MINOR_VERSION) {
            warnings.add("capture format version " + theirs + " is newer than this reader's " + ours
                    + "; chunks it does not know are skipped");
        }
    }

    private ByteBuffer readFileHeader(long size) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int available = (int) Math.min(size, FILE_HEADER_BYTES);
        header.limit(available);
        io.readFully(header, 0);
        byte[] magic = new byte[Math.min(available, MAGIC.length)];
        header.get(0, magic);
        for (int i = 0; i < magic.length; i++) {
            if (magic[i] != MAGIC[i]) {
                throw new CaptureFormatException(file, 0, "not a Tachyon capture: expected the magic \"TCAP\" (hex "
                        + HexFormat.of().formatHex(MAGIC) + "), found hex " + HexFormat.of().formatHex(magic));
            }
        }
        if (available < FILE_HEADER_BYTES) {
            throw new CaptureFormatException(file, available, available == 0
                    ? "not a Tachyon capture: the file is empty"
                    : "truncated file header: expected " + FILE_HEADER_BYTES + " bytes, the file has " + available);
        }
        return header;
    }

    /**
     * The chunks the INDEX lists, when the file ends with an intact END that points to an intact INDEX;
     * otherwise null (with a warning when they exist but are damaged), and the file is scanned.
     */
    private List<ChunkEntry> readIndex(long firstChunk, long size) throws IOException {
        long endOffset = size - END_CHUNK_BYTES;
        if (endOffset < firstChunk) {
            return null;
        }
        ByteBuffer endHeader = ByteBuffer.allocate(CHUNK_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        io.readFully(endHeader, endOffset);
        if (endHeader.getInt(0) != CHUNK_END || endHeader.getInt(4) != END_PAYLOAD_BYTES) {
            return null;
        }
        try {
            ChunkIo.Header end = io.header(endOffset, size);
            ByteSource endPayload = new ByteSource(new ByteSource.Origin(file, endOffset, end.payloadOffset(),
                    "END chunk at offset " + endOffset), io.payload(end), 0, END_PAYLOAD_BYTES);
            long events = endPayload.u64("event count");
            endPayload.u64("sample count");
            long indexOffset = endPayload.u64("index offset");
            if (indexOffset < firstChunk || indexOffset > endOffset - CHUNK_HEADER_BYTES) {
                throw endPayload.damage(16, "index offset " + Long.toUnsignedString(indexOffset)
                        + " does not lie between the METADATA chunk and END");
            }
            ChunkIo.Header indexHeader = io.header(indexOffset, size);
            if (indexHeader.type() != CHUNK_INDEX || indexHeader.end() != endOffset) {
                throw new CaptureFormatException(file, indexOffset, "END points to offset " + indexOffset
                        + ", where the INDEX chunk right before END is expected; found a chunk of "
                        + chunkTypeName(indexHeader.type()));
            }
            ChunkEntry indexChunk = new ChunkEntry(CHUNK_INDEX, indexOffset, indexHeader.length(), null, false);
            byte[] entries = Compression.decompress(source(indexChunk, io.payload(indexHeader), "INDEX chunk"));
            List<ChunkEntry> index = ChunkEntry.readIndex(decompressed(indexChunk, entries, "INDEX chunk"), firstChunk,
                    indexOffset);
            long indexedEvents = 0;
            for (ChunkEntry chunk : index) {
                if (chunk.type() == CHUNK_EVENTS) {
                    indexedEvents += chunk.summary().events();
                }
            }
            if (indexedEvents != events) {
                throw new CaptureFormatException(file, indexOffset, "the INDEX lists " + indexedEvents
                        + " events, END counts " + events);
            }
            closedCleanly = true;
            recordedEvents = events;
            return index;
        } catch (CaptureFormatException e) {
            warnings.add("the index of the capture is damaged (" + e.getMessage() + "); the file was scanned instead");
            return null;
        }
    }

    /**
     * Walks the chunks in file order, reading and verifying each, up to the first damaged one, which becomes
     * {@link #damage}. The summaries of EVENTS chunks are read from their payloads, so no chunk is
     * decompressed.
     */
    private List<ChunkEntry> scan(long firstChunk, long size) throws IOException {
        List<ChunkEntry> found = new ArrayList<>();
        long offset = firstChunk;
        boolean endSeen = false;
        long events = 0;
        try {
            while (offset < size) {
                ChunkIo.Header header = io.header(offset, size);
                byte[] payload = io.payload(header);
                ChunkEntry entry = new ChunkEntry(header.type(), offset, header.length(), null, false);
                if (endSeen) {
                    throw new CaptureFormatException(file, offset, "a chunk of " + chunkTypeName(header.type())
                            + " after END; expected END to be the last chunk");
                }
                switch (header.type()) {
                    case CHUNK_EVENTS -> {
                        ChunkSummary summary = ChunkSummary.read(source(entry, payload, "EVENTS chunk"));
                        entry = new ChunkEntry(CHUNK_EVENTS, offset, header.length(), summary, false);
                        events += summary.events();
                    }
                    case CHUNK_DICTIONARY -> {
                        boolean reset = Dictionary.Header.read(source(entry, payload, "DICTIONARY chunk")).reset();
                        entry = new ChunkEntry(CHUNK_DICTIONARY, offset, header.length(), null, reset);
                    }
                    case CHUNK_END -> {
                        ByteSource end = source(entry, payload, "END chunk");
                        long recorded = end.u64("event count");
                        if (recorded != events) {
                            throw new CaptureFormatException(file, offset, "END chunk counts " + recorded
                                    + " events, but the EVENTS chunks before it hold " + events);
                        }
                        endSeen = true;
                        closedCleanly = true;
                    }
                    case CHUNK_METADATA -> throw new CaptureFormatException(file, offset,
                            "second METADATA chunk; expected exactly one, at offset " + FILE_HEADER_BYTES);
                    default -> {
                        // INDEX, SYMBOLS, HEALTH, LINES and types this reader does not know are listed as they are.
                    }
                }
                if (header.type() != CHUNK_END && header.type() != CHUNK_INDEX) {
                    found.add(entry);
                }
                offset = header.end();
            }
        } catch (CaptureFormatException e) {
            damage = e;
        }
        return found;
    }
}
