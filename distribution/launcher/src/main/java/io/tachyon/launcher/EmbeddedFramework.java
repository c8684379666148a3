package io.tachyon.launcher;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A Felix framework started with the bundles of some features. Bundles start in ascending start order;
 * the features' configurations and then the files in {@code config/} are applied as soon as the first
 * start order (which holds ConfigAdmin) is up, so components find their configuration when they activate.
 * The features' framework properties are set before the framework starts.
 */
final class EmbeddedFramework implements AutoCloseable {

    private static final String SLF4J_SIMPLE_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private final Framework framework;
    private final Path storage;
    private final List<String> problems = new ArrayList<>();

    private EmbeddedFramework(Framework framework, Path storage) {
        this.framework = framework;
        this.storage = storage;
    }

    static EmbeddedFramework start(Distribution distribution, List<Feature> features, Map<String, String> extraProperties)
            throws IOException, BundleException {
        Path storage = Files.createTempDirectory("tachyon-felix-");
        Map<String, String> properties = new HashMap<>();
        properties.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put("felix.log.level", "1");
        properties.put("felix.fileinstall.dir", distribution.deploy().toAbsolutePath().toString());
        properties.put("felix.fileinstall.noInitialDelay", "true");
        properties.put("felix.fileinstall.log.level", "1");
        // Poll deploy/ (every 2 s) instead of a WatchService: its thread waits in native code, and the JVM holds
        // every exit 300 ms for threads in native code to settle.
        properties.put("felix.fileinstall.disableNio2", "true");
        properties.put("gosh.args", "--nointeractive");
        features.forEach(feature -> properties.putAll(feature.frameworkProperties()));
        properties.putAll(extraProperties);
        // Jetty logs through slf4j-simple, which reads system properties only: warnings and errors, not chatter.
        if (System.getProperty(SLF4J_SIMPLE_LEVEL) == null) {
            System.setProperty(SLF4J_SIMPLE_LEVEL, "warn");
        }

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the launcher's class path"));
        Framework framework = factory.newFramework(properties);
        framework.init();
        EmbeddedFramework embedded = new EmbeddedFramework(framework, storage);
        try {
            embedded.installAndStart(distribution, features);
        } catch (IOException | BundleException | RuntimeException e) {
            embedded.close();
            throw e;
        }
        return embedded;
    }

    private void installAndStart(Distribution distribution, List<Feature> features) throws IOException, BundleException {
        BundleContext context = framework.getBundleContext();
        TreeMap<Integer, List<Map.Entry<Feature.Bundle, Bundle>>> byStartOrder = new TreeMap<>();
        Map<String, Map<String, Object>> configurations = new LinkedHashMap<>();
        for (Feature feature : features) {
            for (Feature.Bundle bundle : feature.bundles()) {
                Path jar = distribution.jar(bundle);
                // By reference: Felix reads the jar where it lies instead of copying it into its storage first.
                Bundle installed = context.installBundle("reference:" + jar.toUri());
                byStartOrder.computeIfAbsent(bundle.startOrder(), order -> new ArrayList<>())
                        .add(Map.entry(bundle, installed));
            }
            configurations.putAll(feature.configurations());
        }
        framework.start();
        boolean configured = false;
        for (List<Map.Entry<Feature.Bundle, Bundle>> group : byStartOrder.values()) {
            if (!configured && byStartOrder.firstEntry().getValue() != group) {
                new ConfigurationInstaller(context).apply(configurations, distribution.config());
                configured = true;
            }
            for (Map.Entry<Feature.Bundle, Bundle> entry : group) {
                startBundle(entry.getKey(), entry.getValue());
            }
        }
        if (!configured) {
            new ConfigurationInstaller(context).apply(configurations, distribution.config());
        }
    }

    private void startBundle(Feature.Bundle bundle, Bundle installed) throws BundleException {
        if (installed.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
            return;
        }
        try {
            installed.start();
        } catch (BundleException e) {
            if (!bundle.optional()) {
                throw new BundleException("bundle " + bundle.id() + " did not start: " + e.getMessage(), e);
            }
            problems.add("optional bundle " + bundle.id() + " not started: " + e.getMessage());
        }
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    /** Why optional bundles did not start (e.g. another architecture's bundle), for diagnostics. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Bundles that should be active but are not, with their state, for error messages. */
    List<String> inactiveBundles() {
        List<String> inactive = new ArrayList<>();
        for (Bundle bundle : context().getBundles()) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && bundle.getState() != Bundle.ACTIVE) {
                inactive.add(bundle.getSymbolicName() + " (" + stateName(bundle.getState()) + ")");
            }
        }
        return inactive;
    }

    /** Blocks until the framework has stopped, e.g. because the interactive shell exited. */
    void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    @Override
    public void close() {
        try {
            framework.stop();
            framework.waitForStop(20_000);
        } catch (BundleException e) {
            System.err.println("tachyon: framework did not stop cleanly: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteTree(storage);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("tachyon: could not remove the framework cache " + root + ": " + e.getMessage());
        }
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "installed, not resolved";
            case Bundle.RESOLVED -> "resolved, not started";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.UNINSTALLED -> "uninstalled";
            default -> "state " + state;
        };
    }
}
