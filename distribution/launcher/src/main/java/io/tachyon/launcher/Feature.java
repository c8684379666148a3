package io.tachyon.launcher;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.annotations.SerializedName;

import java.io.IOException;
import java.io.Reader;
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

    /** Reads a feature file; {@code source} names it in error messages. */
    public static Feature read(String name, Reader reader, String source) throws IOException {
        FeatureJson json;
        try {
            json = new Gson().fromJson(reader, FeatureJson.class);
        } catch (JsonParseException e) {
            throw new IOException(source + ": not a valid feature file: " + e.getMessage(), e);
        }
        if (json == null || json.id == null || json.bundles == null) {
            throw new IOException(source + ": a feature needs an \"id\" and a \"bundles\" list");
        }
        List<Bundle> bundles = new java.util.ArrayList<>();
        for (BundleJson b : json.bundles) {
            if (b.id == null || b.id.split(":").length != 3) {
                throw new IOException(source + ": bundle id must be groupId:artifactId:version, was " + b.id);
            }
            int order;
            try {
                order = b.startOrder == null ? 1 : Integer.parseInt(b.startOrder);
            } catch (NumberFormatException e) {
                throw new IOException(source + ": start-order of " + b.id + " is not a number: " + b.startOrder);
            }
            bundles.add(new Bundle(b.id, order, Boolean.parseBoolean(b.optional)));
        }
        return new Feature(name, json.id, json.description == null ? "" : json.description, bundles,
                json.configurations == null ? Map.of() : json.configurations,
                json.frameworkProperties == null ? Map.of() : json.frameworkProperties);
    }

    /** The JSON shape, as Gson fills it. */
    private static final class FeatureJson {
        String id;
        String description;
        List<BundleJson> bundles;
        Map<String, Map<String, Object>> configurations;
        /** Set before the framework starts: what a bundle reads from its context before any configuration. */
        @SerializedName("framework-properties")
        Map<String, String> frameworkProperties;
    }

    private static final class BundleJson {
        String id;
        @SerializedName("start-order")
        String startOrder;
        String optional;
    }
}
