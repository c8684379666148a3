package io.tachyon.storage.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.event.CaptureMetadata;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The METADATA chunk payload: {@link CaptureMetadata} as UTF-8 JSON, its record components as members. */
public final class MetadataCodec {

    private final Gson gson = new GsonBuilder().disableHtmlEscaping().create();

    public byte[] encode(CaptureMetadata metadata) {
        return gson.toJson(metadata).getBytes(StandardCharsets.UTF_8);
    }

    /** @param offset file offset of the chunk, for error messages */
    public CaptureMetadata decode(Path file, long offset, byte[] payload) throws CaptureFormatException {
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw new CaptureFormatException(file, offset, "METADATA chunk: expected UTF-8 JSON, found invalid UTF-8");
        }
        CaptureMetadata metadata;
        try {
            metadata = gson.fromJson(json, CaptureMetadata.class);
        } catch (RuntimeException e) {
            // Gson reports syntax errors as JsonParseException and a rejected record constructor as RuntimeException.
            throw new CaptureFormatException(file, offset, "METADATA chunk: expected capture metadata JSON: "
                    + e.getMessage());
        }
        if (metadata == null) {
            throw new CaptureFormatException(file, offset, "METADATA chunk: expected capture metadata JSON, found none");
        }
        return metadata;
    }
}
