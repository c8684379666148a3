package io.tachyon.itests;

import io.tachyon.launcher.Feature;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Pax Exam provisioning from the same feature files the distribution's launcher starts, so tests and
 * distribution cannot drift apart. Tachyon's own bundles come from the reactor's target folders (no
 * prior {@code mvn install} needed); third-party bundles from the local Maven repository.
 */
final class FeatureOptions {

    private FeatureOptions() {
    }

    static List<Feature> features(String... names) {
        List<Feature> features = new ArrayList<>();
        for (String name : names) {
            String resource = "/features/" + name + ".json";
            try (InputStream in = FeatureOptions.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("feature file " + resource + " is not on the test class path");
                }
                features.add(Feature.read(name, new InputStreamReader(in, StandardCharsets.UTF_8), resource));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return features;
    }

    static Option bundles(List<Feature> features) {
        List<Option> options = new ArrayList<>();
        for (Feature feature : features) {
            feature.frameworkProperties().forEach((name, value) ->
                    options.add(CoreOptions.frameworkProperty(name).value(value)));
            for (Feature.Bundle bundle : feature.bundles()) {
                options.add(bundle.groupId().equals("io.tachyon")
                        ? CoreOptions.bundle(reactorJar(bundle).toUri().toString())
                        : CoreOptions.mavenBundle(bundle.groupId(), bundle.artifactId(), bundle.version()));
            }
        }
        return CoreOptions.composite(options.toArray(Option[]::new));
    }

    /** The built jar of one of Tachyon's bundles: bundles/&lt;name without io.tachyon.&gt;/target. */
    static Path reactorJar(Feature.Bundle bundle) {
        String folder = bundle.artifactId().substring("io.tachyon.".length());
        Path jar = root().resolve("bundles").resolve(folder).resolve("target").resolve(bundle.fileName());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("bundle " + bundle.id() + " is not built: no " + jar);
        }
        return jar;
    }

    static Path root() {
        return Path.of(System.getProperty("tachyon.root", "..")).toAbsolutePath().normalize();
    }
}
