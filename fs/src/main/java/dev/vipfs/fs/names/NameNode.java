package dev.vipfs.fs.names;

/**
 * One name in the index as a link below its parent's name, so that the names of a whole tree share
 * their prefixes instead of holding a full path string per entry.
 */
final class NameNode {
    private final NameNode parent;
    private final String link;

    private NameNode(NameNode parent, String link) {
        this.parent = parent;
        this.link = link;
    }

    /** A top-level name: a canonical root CID, or a {@code data/…} path. */
    static NameNode top(String name) {
        return new NameNode(null, name);
    }

    NameNode child(String name) {
        return new NameNode(this, name);
    }

    /** The name this one is a link below; null for a top-level name. */
    NameNode parent() {
        return parent;
    }

    /** The link name below the parent, or the whole name of a top-level one. */
    String link() {
        return link;
    }

    int depth() {
        int d = 0;
        for (NameNode n = parent; n != null; n = n.parent) {
            d++;
        }
        return d;
    }

    /** The policy path this name stands for. */
    String path() {
        if (parent == null) {
            return link;
        }
        return parent.path() + "/" + link;
    }

    @Override
    public String toString() {
        return path();
    }
}
