package dev.vipfs.ipfs.car;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Locates the shared gateway-conformance CAR fixtures. */
final class Fixtures {
    private Fixtures() {
    }

    static Path dir() {
        String shared = System.getProperty("vipfs.shared");
        Path base = shared != null && !shared.isBlank() ? Path.of(shared) : Path.of("../../shared");
        Path dir = base.resolve("fixtures/gateway-conformance");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("shared fixtures not found at " + dir.toAbsolutePath() + " (set -Dvipfs.shared)");
        }
        return dir;
    }

    static Path car(String name) {
        return dir().resolve(name);
    }

    static List<Path> all() throws IOException {
        try (Stream<Path> s = Files.list(dir())) {
            return s.filter(p -> p.toString().endsWith(".car")).sorted().collect(Collectors.toList());
        }
    }
}
