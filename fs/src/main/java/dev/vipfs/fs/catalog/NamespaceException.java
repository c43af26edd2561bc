package dev.vipfs.fs.catalog;

/** A namespace operation that cannot apply to the current tree; its kind says which errno it means. */
public final class NamespaceException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the operation was refused. */
    public enum Kind { NOT_FOUND, EXISTS, NOT_DIRECTORY, IS_DIRECTORY, NOT_EMPTY, INVALID_NAME, NAME_TOO_LONG, INVALID_MOVE }

    private final Kind kind;

    public NamespaceException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
