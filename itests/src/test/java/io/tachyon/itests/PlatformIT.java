package io.tachyon.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.inject.Inject;

/**
 * Boots Felix from the core, perf-linux and console features, as the distribution does, and checks the
 * platform: every Tachyon component active, every command registered, and a collector bundle installed
 * and uninstalled at run time showing up in and vanishing from {@code tachyon:collectors}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformIT {

    private static final String[] FEATURES = {"core", "perf-linux", "console"};
    private static final String TEST_COLLECTOR_ID = "itest-riscv64";

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime componentRuntime;

    @Inject
    private CommandProcessor commandProcessor;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Configuration
    public Option[] configuration() {
        return options(
                FeatureOptions.bundles(FeatureOptions.features(FEATURES)),
                systemProperty("tachyon.root").value(FeatureOptions.root().toString()),
                systemProperty("tachyon.version").value(System.getProperty("tachyon.version")),
                systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"),
                junitBundles());
    }

    /**
     * Applies the features' configurations as the launcher does. This runs inside the framework, where the
     * launcher's classes are not, so it reads the feature files' "configurations" with Gson itself.
     */
    @Before
    public void applyFeatureConfigurations() throws Exception {
        for (String feature : FEATURES) {
            try (InputStream in = getClass().getResourceAsStream("/features/" + feature + ".json")) {
                assertNotNull("feature file " + feature + " is not in the test probe", in);
                JsonObject configurations = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                        .getAsJsonObject().getAsJsonObject("configurations");
                for (Map.Entry<String, JsonElement> pid : configurations.entrySet()) {
                    Hashtable<String, Object> properties = new Hashtable<>();
                    for (Map.Entry<String, JsonElement> property : pid.getValue().getAsJsonObject().entrySet()) {
                        JsonPrimitive value = property.getValue().getAsJsonPrimitive();
                        properties.put(property.getKey(), value.isNumber() ? (Object) value.getAsInt()
                                : value.isBoolean() ? (Object) value.getAsBoolean() : value.getAsString());
                    }
                    configurationAdmin.getConfiguration(pid.getKey(), "?").update(properties);
                }
            }
        }
    }

    @Test
    public void everyTachyonComponentIsActive() throws Exception {
        List<String> notActive = new ArrayList<>();
        int components = 0;
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName() == null || !bundle.getSymbolicName().startsWith("io.tachyon.")) {
                continue;
            }
            assertEquals(bundle.getSymbolicName() + " is not active", Bundle.ACTIVE, bundle.getState());
            for (ComponentDescriptionDTO description : componentRuntime.getComponentDescriptionDTOs(bundle)) {
                components++;
                var configurations = componentRuntime.getComponentConfigurationDTOs(description);
                if (configurations.isEmpty()) {
                    notActive.add(description.name + " (no configuration: disabled or missing configuration)");
                }
                for (ComponentConfigurationDTO configuration : configurations) {
                    activate(configuration);
                }
                for (ComponentConfigurationDTO configuration : componentRuntime.getComponentConfigurationDTOs(description)) {
                    if (configuration.state != ComponentConfigurationDTO.ACTIVE) {
                        notActive.add(description.name + " (state " + configuration.state + ", unsatisfied "
                                + List.of(configuration.unsatisfiedReferences).stream().map(r -> r.name).toList()
                                + ", failure " + configuration.failure + ")");
                    }
                }
            }
        }
        assertTrue("expected the components of api, perf, storage, symbols, analysis and console, found "
                + components, components >= 6);
        assertTrue("components not active: " + notActive, notActive.isEmpty());
    }

    /** A delayed component becomes active when its service is first used. */
    private void activate(ComponentConfigurationDTO configuration) throws Exception {
        if (configuration.state != ComponentConfigurationDTO.SATISFIED) {
            return;
        }
        ServiceReference<?>[] references = context.getServiceReferences((String) null,
                "(component.id=" + configuration.id + ")");
        if (references != null) {
            for (ServiceReference<?> reference : references) {
                context.getService(reference);
            }
        }
    }

    @Test
    public void everyTachyonCommandIsRegistered() throws Exception {
        Set<String> functions = new TreeSet<>();
        ServiceReference<?>[] references = context.getServiceReferences((String) null, "(osgi.command.scope=tachyon)");
        assertTrue("no tachyon commands registered", references != null);
        for (ServiceReference<?> reference : references) {
            Object names = reference.getProperty("osgi.command.function");
            functions.addAll(names instanceof String[] array ? List.of(array) : List.of(String.valueOf(names)));
        }
        assertTrue("commands registered: " + functions,
                functions.containsAll(List.of("collectors", "record", "top", "report")));
    }

    @Test
    public void aCollectorBundleInstalledAtRunTimeComesAndGoes() throws Exception {
        String before = run("tachyon:collectors");
        assertTrue(before, before.contains("linux-perf"));
        assertFalse(before, before.contains(TEST_COLLECTOR_ID));

        Path jar = FeatureOptions.root().resolve("itests/test-collector/target")
                .resolve("io.tachyon.itests.collector-" + System.getProperty("tachyon.version") + ".jar");
        Bundle collectorBundle = context.installBundle(jar.toUri().toString());
        collectorBundle.start();
        String installed = run("tachyon:collectors");
        assertTrue(installed, installed.contains(TEST_COLLECTOR_ID));
        assertTrue(installed, installed.contains("linux-perf"));

        collectorBundle.uninstall();
        String uninstalled = run("tachyon:collectors");
        assertFalse(uninstalled, uninstalled.contains(TEST_COLLECTOR_ID));
        assertTrue(uninstalled, uninstalled.contains("linux-perf"));
        assertEquals("the framework was not restarted", Bundle.ACTIVE, context.getBundle(0).getState());
    }

    private String run(String commandLine) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        try (CommandSession session = commandProcessor.createSession(new ByteArrayInputStream(new byte[0]), out, out)) {
            session.execute(commandLine);
        }
        out.flush();
        return output.toString(StandardCharsets.UTF_8);
    }
}
