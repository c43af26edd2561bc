package dev.vipfs.crypto.keys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Files that hold private keys: created mode 0600, never overwritten, trusted only while no one
 * but their owner can read them. One exception: a keys directory that its group may read (mode
 * 0750 or stricter, as a root-started mount lays it out for its service user) shares its keys with
 * exactly that group, so they are created 0640 with the directory's group and trusted as such;
 * the dropped daemon then sees rotations and raised minimum versions without root.
 */
public final class PrivateKeyFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OWNER_AND_GROUP_READ =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ);

    private PrivateKeyFiles() {
    }

    /**
     * Creates {@code p} with mode 0600 (0640 in a directory shared with its group) and writes
     * {@code bytes}, so the key is never readable by others, not even briefly; fails with
     * FileAlreadyExistsException if it exists.
     */
    public static void create(Path p, byte[] bytes) throws IOException {
        OptionalInt group = sharedGroup(p.toAbsolutePath().getParent());
        try (SeekableByteChannel ch = Files.newByteChannel(p, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
            if (group.isPresent()) {
                // Before any byte is written; the directory is its owner's alone, so the path cannot be swapped.
                Files.setAttribute(p, "unix:gid", group.getAsInt(), LinkOption.NOFOLLOW_LINKS);
                Files.setPosixFilePermissions(p, OWNER_AND_GROUP_READ);
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    /** The mode of {@code p} (e.g. {@code rw-r--r--}) if it lets in anyone it should not, else null. */
    public static String exposedMode(Path p) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        if (OWNER_ONLY.containsAll(perms)) {
            return null;
        }
        OptionalInt group = sharedGroup(p.toAbsolutePath().getParent());
        if (group.isPresent() && OWNER_AND_GROUP_READ.containsAll(perms)
                && (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS) == group.getAsInt()) {
            return null;
        }
        return PosixFilePermissions.toString(perms);
    }

    /** The group a keys directory is shared with: it may read and enter it, nobody else may, it may not write. */
    static OptionalInt sharedGroup(Path dir) throws IOException {
        Map<String, Object> a = Files.readAttributes(dir, "unix:gid,mode", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        boolean shared = (mode & 0050) == 0050 && (mode & 0020) == 0 && (mode & 0007) == 0;
        return shared ? OptionalInt.of((Integer) a.get("gid")) : OptionalInt.empty();
    }
}
