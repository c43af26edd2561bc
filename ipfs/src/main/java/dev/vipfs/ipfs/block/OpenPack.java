package dev.vipfs.ipfs.block;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A pack file and its index file that this process appends to (docs/blockstore.md, "Pack files"):
 * their write channels, where the next record and the next index entry go, and the index entries
 * waiting for a sync. Its fields are guarded by the {@link PackWriter}, which also decides when the
 * channels are reopened.
 */
final class OpenPack {
    final int id;
    final Path packPath;
    final Path idxPath;
    /** Reopened when an interrupt closed it (a FileChannel closes for every user when one is interrupted). */
    volatile FileChannel pack;
    volatile FileChannel idx;
    long end = PackFormat.HEADER;
    long idxEnd = PackFormat.HEADER;
    /** Index entries not yet written; guarded by the writer. */
    final PendingIndexEntries pending = new PendingIndexEntries();
    /** Whether the directory entries of pack and index are durable (a sync after creating them). */
    boolean named;

    private OpenPack(int id, Path packPath, FileChannel pack, Path idxPath, FileChannel idx) {
        this.id = id;
        this.packPath = packPath;
        this.idxPath = idxPath;
        this.pack = pack;
        this.idx = idx;
    }

    /** Creates pack {@code name} (numbered {@code id}) and its index in {@code dir}, each with its magic; fails if either exists. */
    static OpenPack create(Path dir, int id, String name) throws IOException {
        Path packPath = dir.resolve(name + PackSet.PACK_SUFFIX);
        Path idxPath = dir.resolve(name + PackSet.INDEX_SUFFIX);
        FileChannel pack = FileChannel.open(packPath, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        FileChannel idx;
        try {
            idx = FileChannel.open(idxPath, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            pack.close();
            throw e;
        }
        try {
            writeFully(pack, ByteBuffer.wrap(PackFormat.PACK_MAGIC), 0);
            writeFully(idx, ByteBuffer.wrap(PackFormat.INDEX_MAGIC), 0);
        } catch (IOException e) {
            pack.close();
            idx.close();
            throw e;
        }
        return new OpenPack(id, packPath, pack, idxPath, idx);
    }

    /** Opens again whichever channel an interrupt closed; the writer calls it under its lock. */
    void reopenClosed() throws IOException {
        if (!pack.isOpen()) {
            pack = FileChannel.open(packPath, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        }
        if (!idx.isOpen()) {
            idx = FileChannel.open(idxPath, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** Closes both channels (the pack is full and synced). */
    void close() throws IOException {
        pack.close();
        idx.close();
    }

    /** Writes all of {@code b} at {@code at}. */
    static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long pos = at;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }
}
