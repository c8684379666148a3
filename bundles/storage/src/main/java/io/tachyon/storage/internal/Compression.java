package io.tachyon.storage.internal;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.tachyon.api.capture.CaptureFormatException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import static io.tachyon.storage.internal.TcapFormat.CODEC_NONE;
import static io.tachyon.storage.internal.TcapFormat.CODEC_ZSTD;
import static io.tachyon.storage.internal.TcapFormat.MAX_DECOMPRESSED_BYTES;

/**
 * The compressed block of DICTIONARY, EVENTS, INDEX and SYMBOLS payloads: {@code u8 codec, uvar
 * decompressed length, data}. The writer side keeps one zstd context; it is used by one thread.
 */
final class Compression implements AutoCloseable {

    static final int DEFAULT_LEVEL = 3;

    private final ZstdCompressCtx zstd = new ZstdCompressCtx();
    private byte[] compressed = new byte[0];

    Compression(int level) {
        zstd.setLevel(level);
        zstd.setContentSize(true);
    }

    /** Appends {@code raw} to {@code out} as a compressed block (stored as is when zstd would not shrink it). */
    void compress(ByteSink raw, ByteSink out) {
        int bound = raw.size() + (raw.size() >>> 7) + 1024;
        if (compressed.length < bound) {
            compressed = new byte[bound];
        }
        int size = zstd.compressByteArray(compressed, 0, compressed.length, raw.array(), 0, raw.size());
        if (size < raw.size()) {
            out.u8(CODEC_ZSTD);
            out.uvar(raw.size());
            out.bytes(compressed, 0, size);
        } else {
            out.u8(CODEC_NONE);
            out.uvar(raw.size());
            out.bytes(raw.array(), 0, raw.size());
        }
    }

    /**
     * Decompresses the block that fills the rest of {@code block}. Memory grows with the data actually
     * decompressed, never with what a length field claims.
     */
    static byte[] decompress(ByteSource block) throws CaptureFormatException {
        int codecAt = block.position();
        int codec = block.u8("codec");
        int lengthAt = block.position();
        long declared = block.uvar("decompressed length");
        if (declared > MAX_DECOMPRESSED_BYTES || declared < 0) {
            throw block.damage(lengthAt, "decompressed length " + Long.toUnsignedString(declared)
                    + " exceeds the format's limit of " + MAX_DECOMPRESSED_BYTES + " bytes");
        }
        int length = (int) declared;
        int dataAt = block.position();
        int stored = block.remaining();
        if (codec == CODEC_NONE) {
            if (stored != length) {
                throw block.damage(lengthAt, "stored block declares " + length + " bytes but holds " + stored);
            }
            return Arrays.copyOfRange(block.data(), dataAt, dataAt + stored);
        }
        if (codec != CODEC_ZSTD) {
            throw block.damage(codecAt, "unknown codec " + codec + "; expected 0 (none) or 1 (zstd)");
        }
        byte[] out = new byte[(int) Math.min(length, 4L * stored + 4096)];
        int filled = 0;
        try (InputStream in = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(block.data(), dataAt, stored))) {
            while (true) {
                if (filled == out.length) {
                    if (filled == length) {
                        if (in.read() >= 0) {
                            throw block.damage(dataAt, "zstd data decompresses to more than the declared "
                                    + length + " bytes");
                        }
                        break;
                    }
                    out = Arrays.copyOf(out, (int) Math.min(length, 2L * out.length));
                }
                int read = in.read(out, filled, out.length - filled);
                if (read < 0) {
                    break;
                }
                filled += read;
            }
        } catch (CaptureFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw block.damage(dataAt, "zstd data cannot be decompressed: " + e.getMessage());
        }
        if (filled != length) {
            throw block.damage(dataAt, "zstd data decompresses to " + filled + " bytes; expected " + length);
        }
        return out;
    }

    @Override
    public void close() {
        zstd.close();
    }
}
