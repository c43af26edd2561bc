package dev.vipfs.fs.write;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/** The private directory ($VIPFS_HOME/spool, mode 0700) holding plaintext of files being written. */
public final class SpoolDirectory {
    static final String SUFFIX = ".spool";
    private final Path dir;

    private SpoolDirectory(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens the spool and deletes whatever a previous process left: a spool file exists only between
     * open and commit, so a leftover is a write that never completed and was never catalogued.
     */
    public static SpoolDirectory openAndClean(Path dir) throws IOException {
        Files.createDirectories(dir);
        // Never through a link: the chmod and the deletions below would act on wherever it points.
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("spool " + dir + " is not a directory (a link or file is in its place); remove it");
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        SpoolDirectory spool = new SpoolDirectory(dir);
        spool.clean();
        return spool;
    }

    /** Removes every leftover spool file and returns how many there were. */
    public int clean() throws IOException {
        int n = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : s) {
                Files.deleteIfExists(p);
                n++;
            }
        }
        return n;
    }

    /** The number of spool files present now (for tests and diagnostics). */
    public int count() throws IOException {
        int n = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path ignored : s) {
                n++;
            }
        }
        return n;
    }

    public Path path() {
        return dir;
    }

    Spool create() throws IOException {
        Path p = dir.resolve(UUID.randomUUID() + SUFFIX);
        Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return new Spool(p);
    }
}
