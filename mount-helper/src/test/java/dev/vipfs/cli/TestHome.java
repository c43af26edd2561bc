package dev.vipfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** A vipfs home for tests: initialised, content added, policies written, readable by service users. */
final class TestHome {
    final Path dir;

    TestHome(Path dir) {
        this.dir = dir;
        CliRunner.Result r = CliRunner.run("--home", dir.toString(), "init");
        assertEquals(0, r.code(), r.err());
    }

    /** Adds a tree and returns its root CID. */
    String add(Path tree) {
        CliRunner.Result r = CliRunner.run("--home", dir.toString(), "add", "-r", "-Q", tree.toString());
        assertEquals(0, r.code(), r.err());
        return r.out().trim();
    }

    /** Changes this home's config.json ({@link #configure(Path, Consumer)}). */
    void configure(Consumer<ObjectNode> change) throws Exception {
        configure(dir, change);
    }

    /** Reads {@code home}'s config.json, lets {@code change} edit it, and writes it back. */
    static void configure(Path home, Consumer<ObjectNode> change) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path file = home.resolve("config.json");
        ObjectNode config = (ObjectNode) json.readTree(file.toFile());
        change.accept(config);
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), config);
    }

    void policy(String name, String hcl) throws Exception {
        Files.writeString(dir.resolve("policies").resolve(name + ".hcl"), hcl);
    }

    void identities(String hcl) throws Exception {
        Files.writeString(dir.resolve("identities.hcl"), hcl);
    }

    /** Lets a dropped daemon (or another uid) traverse the home and read blocks; keys stay root-only. */
    void openForServiceUsers() throws Exception {
        Path p = dir;
        while (p != null && !p.equals(Path.of("/"))) {
            if (Files.isDirectory(p)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            p = p.getParent();
            if (p != null && p.equals(Path.of("/tmp"))) {
                break;
            }
        }
        for (String sub : List.of("blocks", "catalog", "policies")) {
            try (Stream<Path> s = Files.walk(dir.resolve(sub))) {
                for (Path x : (Iterable<Path>) s::iterator) {
                    Files.setPosixFilePermissions(x, PosixFilePermissions.fromString(
                            Files.isDirectory(x) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
    }
}
