package io.tachyon.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;

import org.junit.jupiter.api.Test;

class FeatureTest {

    @Test
    void readsBundlesStartOrderOptionalAndConfigurations() throws IOException {
        Feature feature = Feature.read("perf-linux", new StringReader("""
                {
                  "id": "io.tachyon:io.tachyon.features:json:perf-linux:1.0",
                  "bundles": [
                    { "id": "net.java.dev.jna:jna:5.19.1", "start-order": "3" },
                    { "id": "io.tachyon:io.tachyon.perf.x86_64:1.0", "optional": "true" }
                  ],
                  "configurations": { "io.tachyon.perf": { "ringBufferPages": 256 } }
                }"""), "perf-linux.json");

        assertThat(feature.bundles()).containsExactly(
                new Feature.Bundle("net.java.dev.jna:jna:5.19.1", 3, false),
                new Feature.Bundle("io.tachyon:io.tachyon.perf.x86_64:1.0", 1, true));
        assertThat(feature.bundles().get(0).fileName()).isEqualTo("jna-5.19.1.jar");
        assertThat(feature.bundles().get(1).artifactId()).isEqualTo("io.tachyon.perf.x86_64");
        assertThat(feature.configurations().get("io.tachyon.perf")).containsEntry("ringBufferPages", 256.0);
    }

    @Test
    void readsFrameworkPropertiesAndNestedConfigurationValues() throws IOException {
        Feature feature = Feature.read("web", new StringReader("""
                {
                  "id": "io.tachyon:io.tachyon.features:json:web:1.0",
                  "description": "the viewer",
                  "bundles": [ { "id": "org.example:thing:1.0" } ],
                  "configurations": { "pid": { "hosts": ["a", "b"], "on": true, "name": "x", "nested": { "n": 2 } } },
                  "framework-properties": { "org.apache.felix.http.require.config": "true" }
                }"""), "web.json");

        assertThat(feature.description()).isEqualTo("the viewer");
        assertThat(feature.frameworkProperties()).containsExactly(
                java.util.Map.entry("org.apache.felix.http.require.config", "true"));
        assertThat(feature.configurations().get("pid"))
                .containsEntry("hosts", java.util.List.of("a", "b"))
                .containsEntry("on", true)
                .containsEntry("name", "x")
                .containsEntry("nested", java.util.Map.of("n", 2.0));
    }

    @Test
    void aKeyTwiceInOneObjectIsRejectedNamingTheFileAndTheKey() {
        assertThatThrownBy(() -> Feature.read("dup", new StringReader("""
                { "id": "x:y:1", "bundles": [], "configurations": { "pid": { "a": 1, "a": 2 } } }"""), "dup.json"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("dup.json")
                .hasMessageContaining("duplicate key \"a\"");
    }

    @Test
    void aBundleThatIsNotAnObjectIsRejectedNamingTheFile() {
        assertThatThrownBy(() -> Feature.read("bad", new StringReader("""
                { "id": "x:y:1", "bundles": [ "org.example:thing:1" ] }"""), "features/bad.json"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("features/bad.json");
    }

    @Test
    void aBundleIdWithoutVersionIsRejectedNamingTheFileAndTheId() {
        assertThatThrownBy(() -> Feature.read("bad", new StringReader("""
                { "id": "x:y:1", "bundles": [ { "id": "org.example:thing" } ] }"""), "features/bad.json"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("features/bad.json")
                .hasMessageContaining("org.example:thing");
    }

    @Test
    void malformedJsonIsRejectedNamingTheFile() {
        assertThatThrownBy(() -> Feature.read("bad", new StringReader("{ \"id\": "), "features/bad.json"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("features/bad.json");
    }

    @Test
    void aFeatureWithoutBundlesIsRejected() {
        assertThatThrownBy(() -> Feature.read("empty", new StringReader("{ \"id\": \"x:y:1\" }"), "empty.json"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("\"bundles\"");
    }
}
