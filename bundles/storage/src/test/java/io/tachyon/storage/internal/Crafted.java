package io.tachyon.storage.internal;

import io.tachyon.api.event.CaptureEvent;

import java.util.List;
import java.util.function.UnaryOperator;

/** Chunks built by hand, stored without compression so that tests can put any byte anywhere. */
final class Crafted {

    private Crafted() {
    }

    /** A compressed block that stores {@code raw} as it is. */
    static byte[] stored(byte[] raw) {
        ByteSink block = new ByteSink(raw.length + 12);
        block.u8(TcapFormat.CODEC_NONE);
        block.uvar(raw.length);
        block.bytes(raw, 0, raw.length);
        return block.toByteArray();
    }

    /**
     * The DICTIONARY and EVENTS chunks (framed, with valid CRCs) of {@code events} as a fresh dictionary,
     * the EVENTS body passed through {@code tamper} first.
     */
    static byte[][] chunks(List<CaptureEvent> events, UnaryOperator<byte[]> tamper) {
        Interner interner = new Interner(1 << 20);
        EventsEncoder encoder = new EventsEncoder(interner);
        events.forEach(encoder::add);
        ByteSink entries = new ByteSink(256);
        interner.writeNewEntries(entries);
        ByteSink dictionary = new ByteSink(256);
        dictionary.u8(TcapFormat.DICTIONARY_RESET);
        dictionary.uvar(0);
        byte[] storedEntries = stored(entries.toByteArray());
        dictionary.bytes(storedEntries, 0, storedEntries.length);

        ByteSink body = new ByteSink(256);
        encoder.writeBody(body);
        ByteSink payload = new ByteSink(256);
        encoder.summary().write(payload);
        payload.uvar(0);
        byte[] storedBody = stored(tamper.apply(body.toByteArray()));
        payload.bytes(storedBody, 0, storedBody.length);
        return new byte[][] {
            ChunkLayout.chunk(TcapFormat.CHUNK_DICTIONARY, dictionary.toByteArray()),
            ChunkLayout.chunk(TcapFormat.CHUNK_EVENTS, payload.toByteArray()),
        };
    }
}
