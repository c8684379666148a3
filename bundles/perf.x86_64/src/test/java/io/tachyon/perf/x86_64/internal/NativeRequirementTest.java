package io.tachyon.perf.x86_64.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.namespace.NativeNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bundle's osgi.native requirement, as bnd wrote it into the manifest, against the osgi.native
 * capability a real Felix framework provides for each processor the JVM may report.
 */
class NativeRequirementTest {

    @TempDir
    Path storage;

    private static Filter nativeFilter() throws Exception {
        Manifest manifest;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        String requirements = manifest.getMainAttributes().getValue(Constants.REQUIRE_CAPABILITY);
        Matcher filter = Pattern.compile("osgi\\.native;filter:=\"([^\"]+)\"").matcher(requirements);
        assertThat(filter.find()).as("an osgi.native requirement in " + requirements).isTrue();
        return FrameworkUtil.createFilter(filter.group(1));
    }

    /** The osgi.native capability of a Felix framework started for the given OS and processor. */
    private Map<String, Object> felixNativeCapability(String osName, String processor) throws Exception {
        Map<String, String> configuration = new HashMap<>();
        configuration.put(Constants.FRAMEWORK_STORAGE, storage.resolve(osName + "-" + processor).toString());
        configuration.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        configuration.put(Constants.FRAMEWORK_OS_NAME, osName);
        configuration.put(Constants.FRAMEWORK_PROCESSOR, processor);
        Framework framework = new FrameworkFactory().newFramework(configuration);
        framework.init();
        try {
            List<BundleCapability> capabilities = framework.adapt(BundleRevision.class)
                    .getDeclaredCapabilities(NativeNamespace.NATIVE_NAMESPACE);
            assertThat(capabilities).hasSize(1);
            return capabilities.get(0).getAttributes();
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    @Test
    void resolvesOnX86_64LinuxWhateverTheJvmCallsIt() throws Exception {
        Filter filter = nativeFilter();
        for (String processor : List.of("amd64", "x86_64", "x86-64", "em64t")) {
            assertThat(filter.matches(felixNativeCapability("Linux", processor))).as(processor).isTrue();
        }
    }

    @Test
    void doesNotResolveElsewhere() throws Exception {
        Filter filter = nativeFilter();
        assertThat(filter.matches(felixNativeCapability("Linux", "aarch64"))).isFalse();
        assertThat(filter.matches(felixNativeCapability("Linux", "x86"))).isFalse();
        assertThat(filter.matches(felixNativeCapability("Mac OS X", "x86_64"))).isFalse();
        assertThat(filter.matches(felixNativeCapability("Windows 10", "amd64"))).isFalse();
    }
}
