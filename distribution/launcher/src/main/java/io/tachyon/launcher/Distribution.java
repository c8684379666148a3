package io.tachyon.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders of an installed distribution: {@code bundles/} (every bundle jar), {@code features/}
 * (feature files), {@code config/} (configuration applied at start), {@code deploy/} (bundles and
 * configuration hot-deployed while running).
 */
public record Distribution(Path home) {

    public Path bundles() {
        return home.resolve("bundles");
    }

    public Path features() {
        return home.resolve("features");
    }

    public Path config() {
        return home.resolve("config");
    }

    public Path deploy() {
        return home.resolve("deploy");
    }

    public Feature feature(String name) throws IOException {
        Path file = features().resolve(name + ".json");
        if (!Files.isRegularFile(file)) {
            throw new IOException("feature '" + name + "' not found: no file " + file);
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return Feature.read(name, reader, file.toString());
        }
    }

    public List<Feature> features(List<String> names) throws IOException {
        List<Feature> features = new ArrayList<>();
        for (String name : names) {
            features.add(feature(name));
        }
        return features;
    }

    /** The jar of {@code bundle}, which must exist. */
    public Path jar(Feature.Bundle bundle) throws IOException {
        Path jar = bundles().resolve(bundle.fileName());
        if (!Files.isRegularFile(jar)) {
            throw new IOException("bundle " + bundle.id() + " is missing from the distribution: no file " + jar);
        }
        return jar;
    }
}
