package dev.vipfs.fs.fuse;

import dev.vipfs.fs.named.NamedRoots;

/**
 * A FUSE path classified once by the tree it lies in. Below the classification each tree refines
 * it its own way: the content tree into a {@link dev.vipfs.fs.path.MountPath} (directly, or through
 * {@link NamedRoots} for a name), the data tree into a namespace path.
 */
sealed interface TreePath permits TreePath.Root, TreePath.Content, TreePath.Named, TreePath.Data {
    /** The path as FUSE passed it. */
    String fusePath();

    /** The mount root, whose listing joins all trees. */
    record Root(String fusePath) implements TreePath { }

    /** {@code <cid>/<links>}: immutable content named by its CID. */
    record Content(String fusePath) implements TreePath { }

    /** {@code by-name/…} and {@code ipns/…}: content reached through a name. */
    record Named(String fusePath) implements TreePath { }

    /** {@code data/<path>} of a writable mount; {@code nsPath} is "" for data/ itself. */
    record Data(String fusePath, String nsPath) implements TreePath { }

    /** @param dataServed whether this mount has a writable data/ tree (else data/ is just a name) */
    static TreePath parse(String fusePath, boolean dataServed) {
        if (dataServed && WriteOps.owns(fusePath)) {
            return new Data(fusePath, WriteOps.nsPath(fusePath));
        }
        if (fusePath.equals("/")) {
            return new Root(fusePath);
        }
        return NamedRoots.owns(fusePath) ? new Named(fusePath) : new Content(fusePath);
    }
}
