package io.tachyon.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationInstallerTest {

    @TempDir
    Path config;

    @Test
    void readsEveryCfgFileAsOnePid() throws IOException {
        Files.writeString(config.resolve("io.tachyon.perf.cfg"), "ringBufferPages = 512\n# a comment\n");
        Files.writeString(config.resolve("README.md"), "not configuration");

        Map<String, Map<String, Object>> configurations = ConfigurationInstaller.readConfigFolder(config);

        assertThat(configurations).containsOnlyKeys("io.tachyon.perf");
        assertThat(configurations.get("io.tachyon.perf")).containsExactly(Map.entry("ringBufferPages", "512"));
    }

    @Test
    void aMissingFolderIsNoConfiguration() throws IOException {
        assertThat(ConfigurationInstaller.readConfigFolder(config.resolve("absent"))).isEmpty();
    }

    @Test
    void wholeJsonNumbersBecomeIntegersAndListsStringArrays() {
        Dictionary<String, Object> dictionary = ConfigurationInstaller.toDictionary(
                Map.of("pages", 256.0, "big", 1e12, "ratio", 0.5, "names", List.of("a", "b"), "on", true));

        assertThat(dictionary.get("pages")).isEqualTo(256);
        assertThat(dictionary.get("big")).isEqualTo(1_000_000_000_000L);
        assertThat(dictionary.get("ratio")).isEqualTo(0.5);
        assertThat(dictionary.get("names")).isEqualTo(new String[] {"a", "b"});
        assertThat(dictionary.get("on")).isEqualTo(true);
    }
}
