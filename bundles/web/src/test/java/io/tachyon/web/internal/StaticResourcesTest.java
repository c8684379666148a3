package io.tachyon.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page's files are served by name from viewer/ only; nothing else is reachable. */
class StaticResourcesTest {

    @TempDir
    Path root;

    private final List<String> looked = new ArrayList<>();
    private StaticResources resources;

    @BeforeEach
    void files() throws Exception {
        Files.createDirectories(root.resolve("viewer/js"));
        Files.writeString(root.resolve("viewer/index.html"), "<html>");
        Files.writeString(root.resolve("viewer/js/main.js"), "1");
        Files.writeString(root.resolve("viewer/viewer.css"), "a{}");
        Files.writeString(root.resolve("secret.txt"), "no");
        Files.writeString(root.resolve("viewer/notes"), "no type");
        // Looks names up like Bundle.getEntry: relative to the bundle root, directories end in '/'.
        resources = new StaticResources(name -> {
            looked.add(name);
            Path file = root.resolve(name).normalize();
            try {
                return Files.exists(file) ? new URL(file.toUri().toString()) : null;
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void servesThePageWithItsContentTypes() {
        assertThat(resources.find("/").orElseThrow().contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(resources.find(null).orElseThrow().url().getPath()).endsWith("viewer/index.html");
        assertThat(resources.find("/js/main.js").orElseThrow().contentType())
                .isEqualTo("text/javascript; charset=utf-8");
        assertThat(resources.find("/viewer.css").orElseThrow().contentType()).isEqualTo("text/css; charset=utf-8");
        assertThat(resources.find("/missing.js")).isEmpty();
    }

    @Test
    void nothingOutsideTheViewerFolderNoListingNoUnknownTypes() {
        for (String path : List.of("/../secret.txt", "/js/../../secret.txt", "/./index.html", "//secret.txt",
                "/js/", "/js", "/notes", "secret.txt", "/C:/secret.txt", "/js\\..\\..\\secret.txt",
                "/..%2fsecret.txt", "/index.html\0.js", "/%2e%2e/secret.txt")) {
            assertThat(resources.find(path)).as(path).isEmpty();
        }
        assertThat(looked).allMatch(name -> name.startsWith("viewer/") && !name.contains(".."));
    }
}
