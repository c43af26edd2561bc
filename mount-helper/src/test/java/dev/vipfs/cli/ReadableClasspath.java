package dev.vipfs.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The test JVM's class path as another uid can read it: the Maven repository usually lives under
 * /root (0700), so a JVM started through setpriv as an unprivileged uid would find no jar. Jars are
 * copied once per test JVM into a world-readable directory; class directories are used in place.
 */
final class ReadableClasspath {
    private static String cached;

    private ReadableClasspath() {
    }

    static synchronized String get() {
        if (cached != null) {
            return cached;
        }
        try {
            Path dir = Files.createTempDirectory("vipfs-cp-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            List<String> entries = new ArrayList<>();
            int i = 0;
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                Path p = Path.of(entry);
                if (Files.isRegularFile(p)) {
                    Path copy = dir.resolve((i++) + "-" + p.getFileName());
                    Files.copy(p, copy, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                    entries.add(copy.toString());
                } else {
                    entries.add(entry);
                }
            }
            dir.toFile().deleteOnExit();
            cached = String.join(java.io.File.pathSeparator, entries);
            return cached;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
