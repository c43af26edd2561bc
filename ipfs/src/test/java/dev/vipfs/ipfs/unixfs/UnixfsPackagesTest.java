package dev.vipfs.ipfs.unixfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The UnixFS packages depend one way, as their package-info files say: codec at the bottom,
 * directory and reader reading, importer writing; none reaches up, so no two form a cycle.
 */
class UnixfsPackagesTest {
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "codec", Set.of(),
            "directory", Set.of("codec"),
            "reader", Set.of("codec", "directory"),
            "importer", Set.of("codec", "directory"));
    private static final Pattern NAMED = Pattern.compile("\\bdev\\.vipfs\\.ipfs\\.unixfs\\.([a-z]+)\\.");

    private final Path main = Path.of(System.getProperty("user.dir"), "src", "main", "java", "dev", "vipfs", "ipfs",
            "unixfs");

    @Test
    void everyClassIsInOneOfTheFourPackages() throws IOException {
        try (Stream<Path> entries = Files.list(main)) {
            assertEquals(ALLOWED.keySet(), new TreeSet<>(entries.map(p -> p.getFileName().toString()).toList()),
                    "a UnixFS package was added or a class sits outside the four: give it its place here"
                            + " and in docs/architecture.md");
        }
    }

    @Test
    void packagesUseOnlyThePackagesBelowThem() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Set<String>> pkg : ALLOWED.entrySet()) {
            try (Stream<Path> files = Files.list(main.resolve(pkg.getKey()))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = NAMED.matcher(read(f));
                    while (m.find()) {
                        String used = m.group(1);
                        if (!used.equals(pkg.getKey()) && !pkg.getValue().contains(used)) {
                            problems.add(pkg.getKey() + "/" + f.getFileName() + " uses unixfs." + used);
                        }
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
