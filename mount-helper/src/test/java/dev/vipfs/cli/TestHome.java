package dev.vipfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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
