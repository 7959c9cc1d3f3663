package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * S-AUTH-2: no default or universal credential in the code, configuration, scripts or docs. Test sources are left
 * out: their fixed vectors are made-up keys that no hub accepts, and a hub never reads them.
 */
class SecretScanTest {

    private static final List<Pattern> SECRET_SHAPES = List.of(
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"),
            Pattern.compile("SharedAccessKey=[A-Za-z0-9+/]{16,}={0,2}"),
            Pattern.compile("\"(primaryKey|secondaryKey)\"\\s*:\\s*\"[A-Za-z0-9+/]{16,}={0,2}\""),
            Pattern.compile("sig=[A-Za-z0-9%+/]{20,}"),
            Pattern.compile("BULWARK_MASTER_KEY=[A-Za-z0-9+/]{16,}"),
            Pattern.compile("bwhsec_[A-Za-z0-9_-]{43}"));
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", "data", "demo-data", ".mvn",
            "node_modules");

    @Test
    void repositoryHoldsNoCredential() throws IOException {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        assertThat(root.resolve("pom.xml")).exists();
        List<String> findings = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .filter(file -> !isSkipped(root.relativize(file)))
                    .forEach(file -> scan(root, file, findings));
        }
        assertThat(findings).isEmpty();
    }

    private static boolean isSkipped(Path relative) {
        for (Path part : relative) {
            if (SKIPPED_DIRECTORIES.contains(part.toString())) {
                return true;
            }
        }
        String path = relative.toString().replace('\\', '/');
        return path.contains("/src/test/") || path.endsWith(".jar") || path.endsWith(".png");
    }

    private static void scan(Path root, Path file, List<String> findings) {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (Pattern shape : SECRET_SHAPES) {
            Matcher matcher = shape.matcher(text);
            if (matcher.find()) {
                findings.add(root.relativize(file) + ": looks like a secret (" + shape.pattern() + ")");
            }
        }
    }
}
