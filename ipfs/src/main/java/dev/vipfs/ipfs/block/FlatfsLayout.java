package dev.vipfs.ipfs.block;

import dev.vipfs.ipfs.cid.Multibase;
import dev.vipfs.ipfs.cid.Multihash;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one-file-per-block layout that stores written before pack files (and Kubo's flatfs
 * {@code next-to-last/2}) use: {@code <dir>/<SHARD>/<KEY>.data}. Read-only apart from deletes: such
 * stores stay readable as they are, and new blocks go into packs.
 */
final class FlatfsLayout {
    private static final String SUFFIX = ".data";
    private static final String TEMP_PREFIX = ".tmp-";

    private final Path dir;

    FlatfsLayout(Path dir) {
        this.dir = dir;
    }

    /** Whether {@code dir} holds any shard directory, i.e. blocks in this layout may be there. */
    static boolean present(Path dir) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> p.getFileName().toString().length() == 2
                && Files.isDirectory(p))) {
            return s.iterator().hasNext();
        }
    }

    /** The file that holds (or would hold) the block of {@code mh}. */
    Path pathFor(Multihash mh) {
        String key = Multibase.BASE32.encode(mh.toBytes()).toUpperCase(Locale.ROOT);
        String shard = key.length() >= 3 ? key.substring(key.length() - 3, key.length() - 1)
                : ("__" + key).substring(key.length(), key.length() + 2);
        return dir.resolve(shard).resolve(key + SUFFIX);
    }

    /** The file's bytes, unverified, or null when there is none. */
    byte[] read(Multihash mh) throws IOException {
        try {
            return Files.readAllBytes(pathFor(mh));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    boolean has(Multihash mh) {
        return Files.isRegularFile(pathFor(mh));
    }

    void delete(Multihash mh) throws IOException {
        Files.deleteIfExists(pathFor(mh));
    }

    /**
     * Removes temp files that a process of an earlier vipfs, which wrote this layout, left when it
     * crashed before publishing them (their names carry its pid). A shard removed meanwhile is skipped.
     */
    void removeOrphanTemps() throws IOException {
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path shard : shards) {
                try (DirectoryStream<Path> temps = Files.newDirectoryStream(shard, TEMP_PREFIX + "*")) {
                    for (Path t : temps) {
                        if (!PackSet.writerAlive(t.getFileName().toString().substring(TEMP_PREFIX.length()))) {
                            Files.deleteIfExists(t);
                        }
                    }
                } catch (NoSuchFileException e) {
                    // removed since it was listed
                }
            }
        }
    }
}
