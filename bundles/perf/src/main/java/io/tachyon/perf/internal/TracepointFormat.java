package io.tachyon.perf.internal;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tracepoint's {@code events/<system>/<name>/format} file from tracefs: its id, the layout of its raw
 * data and its print format. The layout is read, never assumed: field sizes and offsets differ between
 * kernels (sched_switch's prev_state was an int on some, a long on others).
 *
 * @param source      where the text came from, for error messages
 * @param name        the tracepoint's name
 * @param id          the id perf_event_open takes as the config of a PERF_TYPE_TRACEPOINT event
 * @param fields      the raw data's fields by name, common fields included
 * @param printFormat the {@code print fmt} line without its prefix
 */
record TracepointFormat(String source, String name, long id, Map<String, Field> fields, String printFormat) {

    private static final Pattern FIELD = Pattern.compile(
            "^\\s*field:(?<declaration>[^;]+);\\s*offset:(?<offset>\\d+);\\s*size:(?<size>\\d+);"
                    + "(?:\\s*signed:(?<signed>\\d+);)?");
    /** The identifier before an optional array suffix at the end of a C declaration. */
    private static final Pattern DECLARED_NAME = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\[[^]]*])?\\s*$");

    /** One field of a tracepoint's raw data. */
    record Field(String name, int offset, int size, boolean signed) {

        /**
         * The field's value in the raw data that begins at {@code base}, sign- or zero-extended.
         *
         * @param rawSize the raw data's size, to reject a field outside it
         */
        long read(ByteBuffer buffer, int base, int rawSize) {
            if (offset + size > rawSize) {
                throw new IllegalArgumentException("tracepoint field " + name + " at offset " + offset + " (size "
                        + size + ") lies beyond the " + rawSize + " bytes of raw data");
            }
            int at = base + offset;
            return switch (size) {
                case 1 -> signed ? buffer.get(at) : Byte.toUnsignedLong(buffer.get(at));
                case 2 -> signed ? buffer.getShort(at) : Short.toUnsignedLong(buffer.getShort(at));
                case 4 -> signed ? buffer.getInt(at) : Integer.toUnsignedLong(buffer.getInt(at));
                case 8 -> buffer.getLong(at);
                default -> throw new IllegalStateException("tracepoint field " + name + " has size " + size);
            };
        }
    }

    TracepointFormat {
        fields = Map.copyOf(fields);
    }

    /**
     * Parses the text of a format file.
     *
     * @throws IllegalArgumentException when a line the layout depends on is missing or malformed; the
     *                                  message names {@code source} and the line
     */
    static TracepointFormat parse(String text, String source) {
        String name = null;
        Long id = null;
        String printFormat = null;
        Map<String, Field> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("name:")) {
                name = trimmed.substring("name:".length()).strip();
            } else if (trimmed.startsWith("ID:")) {
                try {
                    id = Long.parseLong(trimmed.substring("ID:".length()).strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(source + ": the ID line '" + trimmed + "' is not a number", e);
                }
            } else if (trimmed.startsWith("field:")) {
                Field field = field(line, source);
                fields.put(field.name(), field);
            } else if (trimmed.startsWith("print fmt:")) {
                printFormat = trimmed.substring("print fmt:".length()).strip();
            }
        }
        if (name == null || id == null || fields.isEmpty()) {
            throw new IllegalArgumentException(source + " is not a tracepoint format: it needs a name line, an ID "
                    + "line and field lines");
        }
        return new TracepointFormat(source, name, id, fields, printFormat == null ? "" : printFormat);
    }

    private static Field field(String line, String source) {
        Matcher matcher = FIELD.matcher(line);
        if (!matcher.find()) {
            throw new IllegalArgumentException(source + ": malformed field line '" + line.strip()
                    + "'; expected field:<declaration>; offset:<n>; size:<n>;");
        }
        Matcher declared = DECLARED_NAME.matcher(matcher.group("declaration"));
        if (!declared.find()) {
            throw new IllegalArgumentException(source + ": no field name in '" + line.strip() + "'");
        }
        String signed = matcher.group("signed");
        return new Field(declared.group(1), Integer.parseInt(matcher.group("offset")),
                Integer.parseInt(matcher.group("size")), signed != null && signed.equals("1"));
    }

    /**
     * The integer field {@code fieldName}.
     *
     * @throws IllegalArgumentException when it is missing or not 1, 2, 4 or 8 bytes long
     */
    Field integerField(String fieldName) {
        Field field = fields.get(fieldName);
        if (field == null) {
            throw new IllegalArgumentException(source + " has no field " + fieldName + "; it has "
                    + fields.keySet());
        }
        if (field.size() != 1 && field.size() != 2 && field.size() != 4 && field.size() != 8) {
            throw new IllegalArgumentException(source + ": field " + fieldName + " has size " + field.size()
                    + "; an integer of 1, 2, 4 or 8 bytes was expected");
        }
        return field;
    }
}
