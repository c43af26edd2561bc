package dev.vipfs.fs.fuse;

/**
 * A request the tree it reached does not serve at all (a write into the immutable content tree, a
 * move between trees): the caller's to see, never logged as a failure nor audited.
 */
final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    enum Kind { READ_ONLY, CROSS_TREE, NOT_EXECUTABLE }

    private final Kind kind;

    RefusedException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    static RefusedException readOnly(String fusePath) {
        return new RefusedException(Kind.READ_ONLY, fusePath + " is in a read-only tree");
    }
}
