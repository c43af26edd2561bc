package dev.vipfs.fs.bench;

import dev.vipfs.ipfs.block.BlockStream;
import dev.vipfs.ipfs.block.FileLeaf;
import dev.vipfs.ipfs.car.CarBlock;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.dagpb.PbLink;
import dev.vipfs.ipfs.kubo.KuboBlockSource;
import dev.vipfs.ipfs.unixfs.codec.DecodedNode;
import dev.vipfs.ipfs.unixfs.codec.LeafLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * {@link KuboFloor}'s fetching thread: walks a UnixFS file from its root in file order, fetching
 * each interior node with a verified {@code block/get} and the leaves of each parent of leaves as one
 * {@link KuboBlockSource#exportLeaves} stream (a gateway file response, each leaf rebuilt and checked
 * against its CID), and hands the verified leaves over in order, at most 4 MiB ahead of the taker.
 */
final class KuboLeafPump implements AutoCloseable {
    /** A verified leaf block and where its content starts in the file. */
    record Leaf(Cid cid, byte[] block, long fileOffset) {
    }

    private static final Object END = new Object();
    private final KuboBlockSource source;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(64);
    private final Thread thread;

    KuboLeafPump(KuboBlockSource source, Cid file) {
        this.source = source;
        this.thread = new Thread(() -> run(file), "kubofloor-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** The next leaf in file order; null after the last. */
    Leaf take() throws IOException, InterruptedException {
        Object o = queue.take();
        if (o == END) {
            queue.put(END);
            return null;
        }
        if (o instanceof Throwable t) {
            throw new IOException("fetching the file's leaves from Kubo failed: " + t.getMessage(), t);
        }
        return (Leaf) o;
    }

    private void run(Cid file) {
        try {
            walk(file, 0);
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            queue.clear();
            queue.offer(t);
        }
    }

    private void walk(Cid cid, long base) throws IOException, InterruptedException {
        byte[] block = source.get(cid);
        DecodedNode n = DecodedNode.decode(cid, block);
        if (n.isRaw() || n.pb().links().isEmpty()) {
            queue.put(new Leaf(cid, block, base));
            return;
        }
        List<PbLink> links = n.pb().links();
        if (links.size() != n.fs().blocksizeCount()) {
            throw new IOException("node " + cid + " has " + links.size() + " links but " + n.fs().blocksizeCount() + " blocksizes");
        }
        if (!isLeaf(links.get(0), n.fs().blocksize(0))) {
            long at = base;
            for (int i = 0; i < links.size(); i++) {
                walk(links.get(i).hash(), at);
                at += n.fs().blocksize(i);
            }
            return;
        }
        List<FileLeaf> leaves = new ArrayList<>(links.size());
        long at = n.dataLength();
        for (int i = 0; i < links.size(); i++) {
            PbLink l = links.get(i);
            leaves.add(new FileLeaf(l.hash(), at, n.fs().blocksize(i), l.tsize() == null ? -1 : l.tsize()));
            at += n.fs().blocksize(i);
        }
        stream(cid, leaves, base - n.dataLength());
    }

    /** The parent's leaves as one stream; a CAR (the fallback) also brings the parent, which is skipped. */
    private void stream(Cid parent, List<FileLeaf> leaves, long base) throws IOException, InterruptedException {
        int next = 0;
        try (BlockStream s = source.exportLeaves(parent, leaves)) {
            for (CarBlock b = s.next(); b != null && next < leaves.size(); b = s.next()) {
                if (b.cid().equals(leaves.get(next).cid())) {
                    queue.put(new Leaf(b.cid(), b.data(), base + leaves.get(next++).offset()));
                }
            }
        }
        for (; next < leaves.size(); next++) { // what a stream that ended early did not bring, as vipfs fetches it
            queue.put(new Leaf(leaves.get(next).cid(), source.get(leaves.get(next).cid()), base + leaves.get(next).offset()));
        }
    }

    /** As vipfs's read-ahead tells a leaf without fetching it: raw, or a dag-pb block of exactly a plain leaf's size. */
    private static boolean isLeaf(PbLink link, long contentSize) {
        return link.hash().codec() == Multicodec.RAW
                || (link.tsize() != null && link.tsize() == LeafLayout.dagPbSize(contentSize));
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
    }
}
