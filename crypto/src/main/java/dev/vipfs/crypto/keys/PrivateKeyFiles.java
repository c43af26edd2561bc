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
import java.util.Set;

/** Files that hold private keys: created mode 0600, never overwritten, trusted only while still 0600. */
public final class PrivateKeyFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private PrivateKeyFiles() {
    }

    /**
     * Creates {@code p} with mode 0600 and writes {@code bytes}, so the key is never readable by
     * others, not even briefly; fails with FileAlreadyExistsException if it exists.
     */
    public static void create(Path p, byte[] bytes) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(p, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    /** The mode of {@code p} (e.g. {@code rw-r--r--}) if it lets anyone but its owner in, else null. */
    public static String exposedMode(Path p) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        return OWNER_ONLY.containsAll(perms) ? null : PosixFilePermissions.toString(perms);
    }
}
