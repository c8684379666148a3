package io.tachyon.launcher;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;

import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named set of bundles with their configuration, read from an OSGi Feature JSON file (the subset of the
 * format Tachyon uses: id, bundles with start order, configurations, framework properties). The distribution's launcher and the
 * integration tests both start from these files.
 */
public record Feature(String name, String id, String description, List<Bundle> bundles,
        Map<String, Map<String, Object>> configurations, Map<String, String> frameworkProperties) {

    public Feature {
        bundles = List.copyOf(bundles);
        configurations = Map.copyOf(configurations);
        frameworkProperties = Map.copyOf(frameworkProperties);
    }

    /**
     * One bundle of a feature.
     *
     * @param id         Maven coordinates {@code groupId:artifactId:version}
     * @param startOrder bundles start in ascending order; configurations are applied after order 1
     * @param optional   a bundle that may not resolve on this machine (e.g. another CPU architecture's)
     */
    public record Bundle(String id, int startOrder, boolean optional) {

        public String groupId() {
            return part(0);
        }

        public String artifactId() {
            return part(1);
        }

        public String version() {
            return part(2);
        }

        /** The file name the distribution stores the bundle under. */
        public String fileName() {
            return artifactId() + "-" + version() + ".jar";
        }

        private String part(int index) {
            return id.split(":")[index];
        }
    }

    /**
     * Reads a feature file; {@code source} names it in error messages. With Gson's streaming reader, not its reflective
     * binding: every command reads two to four features before anything else, and binding cost 60-80 ms more.
     */
    public static Feature read(String name, Reader reader, String source) throws IOException {
        JsonElement parsed;
        try {
            JsonReader in = new JsonReader(reader);
            parsed = parse(in, source);
            if (in.peek() != JsonToken.END_DOCUMENT) {
                throw new IOException(source + ": not a valid feature file: more after the JSON object at "
                        + in.getPath());
            }
        } catch (MalformedJsonException | EOFException | IllegalStateException | NumberFormatException e) {
            throw new IOException(source + ": not a valid feature file: " + e.getMessage(), e);
        }
        if (!parsed.isJsonObject()) {
            throw new IOException(source + ": a feature file holds one JSON object, found " + parsed);
        }
        JsonObject json = parsed.getAsJsonObject();
        String id = string(json, "id", source);
        JsonArray bundlesJson = json.has("bundles") && json.get("bundles").isJsonArray() ? json.getAsJsonArray("bundles")
                : null;
        if (id == null || bundlesJson == null) {
            throw new IOException(source + ": a feature needs an \"id\" and a \"bundles\" list");
        }
        List<Bundle> bundles = new ArrayList<>();
        for (JsonElement element : bundlesJson) {
            if (!element.isJsonObject()) {
                throw new IOException(source + ": each bundle is an object with an \"id\", found " + element);
            }
            JsonObject bundle = element.getAsJsonObject();
            String bundleId = string(bundle, "id", source);
            if (bundleId == null || bundleId.split(":").length != 3) {
                throw new IOException(source + ": bundle id must be groupId:artifactId:version, was " + bundleId);
            }
            String startOrder = string(bundle, "start-order", source);
            int order;
            try {
                order = startOrder == null ? 1 : Integer.parseInt(startOrder);
            } catch (NumberFormatException e) {
                throw new IOException(source + ": start-order of " + bundleId + " is not a number: " + startOrder);
            }
            bundles.add(new Bundle(bundleId, order, Boolean.parseBoolean(string(bundle, "optional", source))));
        }
        String description = string(json, "description", source);
        Map<String, Map<String, Object>> configurations = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> pid : object(json, "configurations", source).entrySet()) {
            Map<String, Object> properties = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> property : object(pid.getValue(), source).entrySet()) {
                properties.put(property.getKey(), value(property.getValue()));
            }
            configurations.put(pid.getKey(), properties);
        }
        Map<String, String> frameworkProperties = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> property : object(json, "framework-properties", source).entrySet()) {
            String value = string(property.getValue(), property.getKey(), source);
            if (value == null) {
                throw new IOException(source + ": framework property \"" + property.getKey() + "\" has no value");
            }
            frameworkProperties.put(property.getKey(), value);
        }
        return new Feature(name, id, description == null ? "" : description, bundles, configurations,
                frameworkProperties);
    }

    /** One JSON value, as Gson's tree holds it; a key twice in one object is an error, as it was for the binding. */
    private static JsonElement parse(JsonReader in, String source) throws IOException {
        switch (in.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject object = new JsonObject();
                in.beginObject();
                while (in.hasNext()) {
                    String name = in.nextName();
                    if (object.has(name)) {
                        throw new IOException(source + ": duplicate key \"" + name + "\" at " + in.getPath());
                    }
                    object.add(name, parse(in, source));
                }
                in.endObject();
                return object;
            }
            case BEGIN_ARRAY -> {
                JsonArray array = new JsonArray();
                in.beginArray();
                while (in.hasNext()) {
                    array.add(parse(in, source));
                }
                in.endArray();
                return array;
            }
            case STRING -> {
                return new JsonPrimitive(in.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(Double.parseDouble(in.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(in.nextBoolean());
            }
            case NULL -> {
                in.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new IOException(source + ": not a valid feature file: unexpected " + in.peek() + " at "
                    + in.getPath());
        }
    }

    private static String string(JsonObject object, String member, String source) throws IOException {
        return object.has(member) ? string(object.get(member), member, source) : null;
    }

    private static String string(JsonElement element, String member, String source) throws IOException {
        if (element.isJsonNull()) {
            return null;
        }
        if (!element.isJsonPrimitive()) {
            throw new IOException(source + ": \"" + member + "\" must be a string, found " + element);
        }
        return element.getAsString();
    }

    private static JsonObject object(JsonObject parent, String member, String source) throws IOException {
        return parent.has(member) && !parent.get(member).isJsonNull() ? object(parent.get(member), source)
                : new JsonObject();
    }

    private static JsonObject object(JsonElement element, String source) throws IOException {
        if (!element.isJsonObject()) {
            throw new IOException(source + ": expected a JSON object, found " + element);
        }
        return element.getAsJsonObject();
    }

    /** A configuration value as Gson's binding gives it: numbers as Double, lists and objects as collections. */
    private static Object value(JsonElement element) {
        if (element.isJsonNull()) {
            return null;
        }
        if (element.isJsonArray()) {
            List<Object> list = new ArrayList<>();
            element.getAsJsonArray().forEach(item -> list.add(value(item)));
            return list;
        }
        if (element.isJsonObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            element.getAsJsonObject().entrySet().forEach(entry -> map.put(entry.getKey(), value(entry.getValue())));
            return map;
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        if (primitive.isBoolean()) {
            return primitive.getAsBoolean();
        }
        return primitive.isNumber() ? (Object) primitive.getAsDouble() : primitive.getAsString();
    }
}
