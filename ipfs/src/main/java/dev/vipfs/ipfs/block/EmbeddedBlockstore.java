package dev.vipfs.ipfs.block;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multibase;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default on-disk block store. Layout follows Kubo's flatfs {@code next-to-last/2}: a block
 * is {@code <dir>/<shard>/<KEY>.data} where KEY is the upper-case base32 of the multihash (codec
 * is not part of the key, as in Kubo) and shard is the two characters before KEY's last one.
 * Writes go to a temp file that is fsynced, renamed into place atomically and the directory
 * fsynced, so a crash leaves either no block or a whole one; reads verify the hash every time.
 */
public final class EmbeddedBlockstore implements BlockStore {
    private static final String SUFFIX = ".data";
    private static final AtomicLong TEMP_COUNTER = new AtomicLong();

    private final Path dir;

    /** Opens (creating if needed) a block store rooted at {@code dir}. */
    public EmbeddedBlockstore(Path dir) throws IOException {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create blockstore directory " + dir + ": " + e.getMessage(), e);
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException("blockstore path " + dir + " is not a directory");
        }
    }

    /** Root directory. */
    public Path directory() {
        return dir;
    }

    /** The file that holds (or would hold) {@code cid}'s block. */
    public Path pathFor(Cid cid) {
        String key = Multibase.BASE32.encode(cid.multihash().toBytes()).toUpperCase(Locale.ROOT);
        String shard = key.length() >= 3 ? key.substring(key.length() - 3, key.length() - 1)
                : ("__" + key).substring(key.length(), key.length() + 2);
        return dir.resolve(shard).resolve(key + SUFFIX);
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        if (cid.isIdentity()) {
            return cid.multihash().digest();
        }
        Path p = pathFor(cid);
        byte[] data;
        try {
            data = Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new BlockNotFoundException(cid, "the embedded blockstore at " + dir);
        }
        return BlockVerifier.verify(cid, data, "the embedded blockstore (" + p + ")");
    }

    @Override
    public boolean has(Cid cid) {
        return cid.isIdentity() || Files.isRegularFile(pathFor(cid));
    }

    @Override
    public void put(Cid cid, byte[] data) throws IOException {
        BlockVerifier.verify(cid, data, "a put to the embedded blockstore");
        if (cid.isIdentity()) {
            return;
        }
        Path target = pathFor(cid);
        if (Files.isRegularFile(target)) {
            return; // content-addressed: same key means same bytes
        }
        Path shard = target.getParent();
        if (!Files.isDirectory(shard)) {
            Files.createDirectories(shard);
            syncDirectory(dir); // the new shard's entry must survive a crash along with the block
        }
        Path temp = shard.resolve(".tmp-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId()
                + "-" + TEMP_COUNTER.incrementAndGet());
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                return; // another writer won the race with identical bytes
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("blockstore " + dir + " is on a filesystem without atomic rename", e);
            }
            syncDirectory(shard);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Removes a block if present. */
    public void delete(Cid cid) throws IOException {
        if (!cid.isIdentity()) {
            Files.deleteIfExists(pathFor(cid));
        }
    }

    private static void syncDirectory(Path d) {
        // Makes the rename durable; some platforms cannot open directories, where this is best effort.
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not supported on this platform: the rename is still atomic, only durability is weaker
        }
    }
}
