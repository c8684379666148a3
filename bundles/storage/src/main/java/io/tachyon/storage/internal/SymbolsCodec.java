package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.capture.EmbeddedSymbols;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The decompressed payload of a SYMBOLS or LINES chunk: one module's path and build-id, then ranges (its functions,
 * or the source positions of the addresses the capture hit) with a string table of their own, so the chunk reads
 * without any other chunk.
 */
final class SymbolsCodec {

    /** What one chunk holds: the ranges of one module. */
    record ModuleRanges(String path, String buildId, List<EmbeddedSymbols.Range> ranges) {
    }

    private SymbolsCodec() {
    }

    static void write(String path, String buildId, List<EmbeddedSymbols.Range> ranges, ByteSink out) {
        out.string(path);
        out.nullableString(buildId);
        Map<String, Integer> ids = new HashMap<>();
        List<String> strings = new ArrayList<>();
        ByteSink encoded = new ByteSink(16 * ranges.size() + 16);
        encoded.uvar(ranges.size());
        long previousAddress = 0;
        for (EmbeddedSymbols.Range range : ranges) {
            encoded.svar(range.address() - previousAddress);
            previousAddress = range.address();
            encoded.uvar(range.size());
            encoded.uvar(id(range.name(), ids, strings));
            encoded.uvar(range.file() == null ? 0 : id(range.file(), ids, strings) + 1L);
            encoded.svar(range.line());
            encoded.uvar(range.inlined().size());
            for (EmbeddedSymbols.InlinedCall call : range.inlined()) {
                encoded.uvar(id(call.name(), ids, strings));
                encoded.uvar(call.file() == null ? 0 : id(call.file(), ids, strings) + 1L);
                encoded.svar(call.line());
            }
        }
        out.uvar(strings.size());
        for (String value : strings) {
            out.string(value);
        }
        out.bytes(encoded.array(), 0, encoded.size());
    }

    /** Reads the payload of a chunk named {@code chunkName} (SYMBOLS or LINES), which it must fill exactly. */
    static ModuleRanges read(ByteSource in, String chunkName) throws CaptureFormatException {
        String path = in.string("module path");
        String buildId = in.nullableString("module build-id");
        int stringCount = in.count("string count", 1);
        List<String> strings = new ArrayList<>(stringCount);
        for (int i = 0; i < stringCount; i++) {
            strings.add(in.string("string"));
        }
        // A range takes at least 6 bytes: address, size, name, file, line, inline count.
        int rangeCount = in.count("range count", 6);
        List<EmbeddedSymbols.Range> ranges = new ArrayList<>(rangeCount);
        long address = 0;
        for (int i = 0; i < rangeCount; i++) {
            address += in.svar("range address");
            long size = in.uvar("range size");
            String name = strings.get(in.below("range name", stringCount));
            String file = nullable(in, "range file", strings);
            int line = in.s32("range line");
            int inlineCount = in.count("inline count", 3);
            List<EmbeddedSymbols.InlinedCall> inlined = new ArrayList<>(inlineCount);
            for (int j = 0; j < inlineCount; j++) {
                String inlineName = strings.get(in.below("inlined name", stringCount));
                String inlineFile = nullable(in, "inlined file", strings);
                inlined.add(new EmbeddedSymbols.InlinedCall(inlineName, inlineFile, in.s32("inlined line")));
            }
            ranges.add(new EmbeddedSymbols.Range(address, size, name, file, line, inlined));
        }
        in.expectEnd(chunkName + " payload");
        return new ModuleRanges(path, buildId, ranges);
    }

    private static String nullable(ByteSource in, String field, List<String> strings) throws CaptureFormatException {
        int idPlusOne = in.below(field, strings.size() + 1L);
        return idPlusOne == 0 ? null : strings.get(idPlusOne - 1);
    }

    private static int id(String value, Map<String, Integer> ids, List<String> strings) {
        return ids.computeIfAbsent(value, v -> {
            strings.add(v);
            return strings.size() - 1;
        });
    }
}
