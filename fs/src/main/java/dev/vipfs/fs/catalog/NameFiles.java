package dev.vipfs.fs.catalog;

import dev.vipfs.ipfs.block.StoreOwnership;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names files of walked trees, {@code catalog/names/<root CID>} (docs/names-file.md), owned as
 * the catalogue is: a file is used only when it, and the directory, belong to the catalogue
 * directory's owner and nobody else may write them, and only that owner writes them
 * (docs/security.md, "Names files").
 */
public final class NameFiles {
    private static final Pattern ROOT = Pattern.compile("[a-z2-7]{8,200}");
    private static final long MAX_BYTES = 64L << 20;
    private static final int S_IFMT = StateFiles.S_IFMT;
    private static final int S_IFREG = StateFiles.S_IFREG;
    private static final int S_IFDIR = 0040000;
    private static final int GROUP_OR_OTHER_WRITE = 022;

    private final Path catalogDir;
    private final Path dir;

    NameFiles(Path catalogDir) {
        this.catalogDir = catalogDir;
        this.dir = catalogDir.resolve("names");
    }

    /** The bytes stored for {@code root} (a canonical CID), empty when there are none the catalogue's owner wrote. */
    public Optional<byte[]> read(String root) throws IOException {
        Path file = file(root);
        if (!trusted(dir, S_IFDIR) || !trusted(file, S_IFREG)) {
            return Optional.empty();
        }
        try (FileChannel ch = StateFiles.open(file, StandardOpenOption.READ)) {
            if (ch.size() > MAX_BYTES || !trusted(file, S_IFREG)) {
                return Optional.empty();
            }
            ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // a file shorter than its size when opened is caught by the format's checksum
            }
            return Optional.of(buf.array());
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
    }

    /**
     * Replaces {@code root}'s file atomically (a reader sees the old file or the new one, never a part);
     * does nothing unless this thread acts as the catalogue's owner.
     */
    public void write(String root, byte[] bytes) throws IOException {
        Path file = file(root);
        int owner = uid(catalogDir);
        if (owner < 0 || fileUidOfThisThread() != owner) {
            return;
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (java.nio.file.FileAlreadyExistsException exists) {
            // checked below like any directory found in place
        }
        if (!trusted(dir, S_IFDIR)) {
            throw new IOException(dir + " is not a directory only the catalogue's owner may write; remove it");
        }
        // A mount and `vipfs add` may write names files at once: each its own temporary name.
        Path tmp = dir.resolve(".tmp-" + root + "-" + Long.toHexString(System.nanoTime()));
        AtomicReplace.write(file, tmp, bytes, PosixFilePermissions.fromString("rw-------"));
    }

    private Path file(String root) {
        if (!ROOT.matcher(root).matches()) {
            throw new IllegalArgumentException("not a canonical CID: " + root);
        }
        return dir.resolve(root);
    }

    /** Whether p is of the given type, with one link if a file, the catalogue owner's, and writable by nobody else. */
    private boolean trusted(Path p, int type) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(p, "unix:mode,nlink,uid", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException missing) {
            return false;
        }
        int mode = (Integer) a.get("mode");
        return (mode & S_IFMT) == type && (type != S_IFREG || (Integer) a.get("nlink") == 1)
                && (mode & GROUP_OR_OTHER_WRITE) == 0 && (Integer) a.get("uid") == uid(catalogDir);
    }

    private static int uid(Path p) throws IOException {
        try {
            return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException missing) {
            return -1;
        }
    }

    /** This thread's fsuid, or -1 where it cannot be read, so that nothing is written. */
    private static int fileUidOfThisThread() {
        try {
            return StoreOwnership.fsuid();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
