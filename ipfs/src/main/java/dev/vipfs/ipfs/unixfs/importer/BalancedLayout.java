package dev.vipfs.ipfs.unixfs.importer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The balanced file layout of boxo's balanced builder (drawn in this package's documentation): grow
 * the root one depth at a time, filling each new level's subtrees left to right with at most
 * {@code maxLinks} children each, so every leaf ends up at the same depth.
 *
 * @param <T> what one chunk is (bytes, or a leaf block filled in place)
 */
final class BalancedLayout<T> {
    /** Source of chunks; null marks the end. */
    interface ChunkSource<T> {
        T next() throws IOException;
    }

    /** Stores one chunk as a leaf; meta is NONE except for a file of a single leaf. */
    interface LeafMaker<T> {
        ImportedNode leaf(T chunk, EntryMetadata meta) throws IOException;
    }

    private final NodeWriter writer;
    private final int maxLinks;
    private final LeafMaker<T> leaves;

    BalancedLayout(NodeWriter writer, int maxLinks, LeafMaker<T> leaves) {
        this.writer = writer;
        this.maxLinks = maxLinks;
        this.leaves = leaves;
    }

    /** The file of every chunk {@code source} gives, in order; {@code meta} goes on its root. */
    ImportedNode build(ChunkSource<T> source, EntryMetadata meta) throws IOException {
        Lookahead<T> src = new Lookahead<>(source);
        T first = src.take();
        if (first == null) {
            return writer.leaf(new byte[0], meta);
        }
        if (src.peek() == null) {
            return leaves.leaf(first, meta);
        }
        ImportedNode root = leaves.leaf(first, EntryMetadata.NONE);
        for (int depth = 1; src.peek() != null; depth++) {
            List<ImportedNode> children = new ArrayList<>();
            children.add(root);
            fill(src, children, depth);
            // Only the final root carries mode/mtime, as in boxo.
            root = writer.unnamedFileNode(children, src.peek() == null ? meta : EntryMetadata.NONE);
        }
        return root;
    }

    private void fill(Lookahead<T> src, List<ImportedNode> children, int depth) throws IOException {
        while (children.size() < maxLinks && src.peek() != null) {
            if (depth == 1) {
                children.add(leaves.leaf(src.take(), EntryMetadata.NONE));
            } else {
                List<ImportedNode> sub = new ArrayList<>();
                fill(src, sub, depth - 1);
                children.add(writer.unnamedFileNode(sub, EntryMetadata.NONE));
            }
        }
    }

    /** One-chunk lookahead so the layout knows whether more data follows. */
    private static final class Lookahead<T> {
        private final ChunkSource<T> source;
        private T next;
        private boolean loaded;

        Lookahead(ChunkSource<T> source) {
            this.source = source;
        }

        T peek() throws IOException {
            if (!loaded) {
                next = source.next();
                loaded = true;
            }
            return next;
        }

        T take() throws IOException {
            T c = peek();
            loaded = false;
            return c;
        }
    }
}
