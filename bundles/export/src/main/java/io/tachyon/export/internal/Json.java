package io.tachyon.export.internal;

import com.google.gson.stream.JsonWriter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;

/** Streaming JSON for the formats whose files hold a record per sample: nothing is built as a tree first. */
final class Json {

    private Json() {
    }

    /** A writer into {@code out}; flush it when done (closing it would close {@code out}, which the caller owns). */
    static JsonWriter writer(OutputStream out) {
        JsonWriter json = new JsonWriter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8),
                1 << 16));
        json.setSerializeNulls(true);
        return json;
    }

    /** Nanoseconds as microseconds, exactly: a decimal with up to three places, no binary rounding. */
    static void micros(JsonWriter json, long nanos) throws IOException {
        json.jsonValue(decimal(nanos, 3));
    }

    /** Nanoseconds as milliseconds, exactly: a decimal with up to six places. */
    static void millis(JsonWriter json, long nanos) throws IOException {
        json.jsonValue(decimal(nanos, 6));
    }

    /** {@code value / 10^places} in plain notation without trailing zeros: a JSON number, written for speed. */
    static String decimal(long value, int places) {
        long unit = 1;
        for (int i = 0; i < places; i++) {
            unit *= 10;
        }
        long whole = value / unit;
        long fraction = Math.abs(value % unit);
        String sign = value < 0 && whole == 0 ? "-" : "";
        if (fraction == 0) {
            return sign + whole;
        }
        StringBuilder digits = new StringBuilder(places).append(fraction);
        while (digits.length() < places) {
            digits.insert(0, '0');
        }
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
            end--;
        }
        return sign + whole + "." + digits.substring(0, end);
    }
}
