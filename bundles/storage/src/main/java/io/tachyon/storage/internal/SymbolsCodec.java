package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.capture.EmbeddedSymbols;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The decompressed payload of a SYMBOLS chunk: one module's symbols with a string table of their own, so
 * the chunk reads without any other chunk.
 */
final class SymbolsCodec {

    private SymbolsCodec() {
    }

    static void write(EmbeddedSymbols module, ByteSink out) {
        out.string(module.path());
        out.nullableString(module.buildId());
        Map<String, Integer> ids = new HashMap<>();
        List<String> strings = new ArrayList<>();
        ByteSink ranges = new ByteSink(16 * module.symbols().size() + 16);
        ranges.uvar(module.symbols().size());
        long previousAddress = 0;
        for (EmbeddedSymbols.Range range : module.symbols()) {
            ranges.svar(range.address() - previousAddress);
            previousAddress = range.address();
            ranges.uvar(range.size());
            ranges.uvar(id(range.name(), ids, strings));
            ranges.uvar(range.file() == null ? 0 : id(range.file(), ids, strings) + 1L);
            ranges.svar(range.line());
            ranges.uvar(range.inlined().size());
            for (EmbeddedSymbols.InlinedCall call : range.inlined()) {
                ranges.uvar(id(call.name(), ids, strings));
                ranges.uvar(call.file() == null ? 0 : id(call.file(), ids, strings) + 1L);
                ranges.svar(call.line());
            }
        }
        out.uvar(strings.size());
        for (String value : strings) {
            out.string(value);
        }
        out.bytes(ranges.array(), 0, ranges.size());
    }

    static EmbeddedSymbols read(ByteSource in) throws CaptureFormatException {
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
        in.expectEnd("SYMBOLS payload");
        return new EmbeddedSymbols(path, buildId, ranges);
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
