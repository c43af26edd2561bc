package dev.vipfs.fs.names;

import dev.vipfs.fs.content.ObjectInfo;
import dev.vipfs.fs.content.ObjectInspector;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.unixfs.codec.FileLink;
import dev.vipfs.ipfs.unixfs.directory.DirEntry;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Walks a tree from a named root and records a name for every object in it: each directory and
 * entry, and for each file the blocks another DAG could reuse to reach its content (an envelope's
 * header and payload; a plaintext file's interior nodes and the leaves they link).
 * What it names is stored in names files for later mounts: a change here must change
 * {@link TreeNameFile#MAGIC}, so that files written under the old rules are walked again.
 */
final class TreeNamer {
    /** A DAG node can be linked under many names; paths deeper than this are not names a mount serves. */
    static final int MAX_DEPTH = 256;
    /** Kubo never writes a leaf larger than this, so a child covering more bytes is an interior node. */
    private static final long MAX_LEAF_BYTES = 1 << 20;

    private record Pending(NameNode name, Cid cid) { }

    private final UnixfsReader reader;
    private final ObjectInspector inspector;

    TreeNamer(UnixfsReader reader, ObjectInspector inspector) {
        this.reader = reader;
        this.inspector = inspector;
    }

    /**
     * Names everything reachable from {@code root} under {@code name}. A subtree that cannot be read
     * (a missing block, a malformed directory) is reported to {@code problems} and skipped, so the
     * rest of the tree is still named.
     */
    void walk(NameNode name, Cid root, NameSink sink, List<String> problems) throws NameSink.IndexLimitException {
        Deque<Pending> todo = new ArrayDeque<>();
        todo.push(new Pending(name, root));
        while (!todo.isEmpty()) {
            Pending p = todo.pop();
            sink.add(p.cid().multihash(), p.name());
            try {
                ObjectInfo info = inspector.inspect(p.cid());
                switch (info.kind()) {
                    case DIRECTORY -> {
                        if (p.name().depth() >= MAX_DEPTH) {
                            throw new IOException("tree deeper than " + MAX_DEPTH + " levels");
                        }
                        for (DirEntry e : reader.list(p.cid())) {
                            todo.push(new Pending(p.name().child(e.name()), e.cid()));
                        }
                    }
                    case FILE -> nameFileBlocks(p.name(), info, sink);
                    default -> { }
                }
            } catch (IOException e) {
                problems.add("cannot walk " + p.name().path() + ": " + e.getMessage());
            }
        }
    }

    /** Names the blocks of one file (the file's own root is already named). */
    void nameFileBlocks(NameNode name, ObjectInfo info, NameSink sink) throws IOException, NameSink.IndexLimitException {
        if (info.encrypted()) {
            sink.add(info.envelope().header().multihash(), name);
            sink.add(info.envelope().payload().multihash(), name);
            return;
        }
        Deque<Cid> interior = new ArrayDeque<>();
        interior.push(info.cid());
        while (!interior.isEmpty()) {
            Cid node = interior.pop();
            if (node.codec() != dev.vipfs.ipfs.cid.Multicodec.DAG_PB) {
                continue;
            }
            for (FileLink l : reader.stat(node).fileLinks()) {
                sink.add(l.cid().multihash(), name);
                if (l.blocksize() > MAX_LEAF_BYTES) {
                    interior.push(l.cid());
                }
            }
        }
    }
}
