package dev.vipfs.fs.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * What a namespace entry keeps besides its content: permission bits, access and change times, a
 * symlink's target, and for a FIFO, socket or device node (mknod) its kind and device number. A
 * null time means "the entry's mtime", a negative mode the default for its kind, so entries written
 * before these existed read as they always did (docs/catalog.md).
 */
public record EntryAttributes(int mode, Instant atime, Instant ctime, String target, String special, long rdev) {
    public static final EntryAttributes NONE = new EntryAttributes(-1, null, null, null, null, 0);
    /** The kinds of node mknod may record; they have no content and no UnixFS form. */
    public static final java.util.Set<String> SPECIAL_KINDS = java.util.Set.of("fifo", "socket", "char", "block");

    public EntryAttributes(int mode, Instant atime, Instant ctime, String target) {
        this(mode, atime, ctime, target, null, 0);
    }

    /** Neither a symlink nor a special node: a file with versions, or a directory. */
    public boolean plain() {
        return target == null && special == null;
    }
    /** The permission bits chmod can set (setuid, setgid, sticky and rwx for all three classes). */
    public static final int PERMISSIONS = 07777;

    public boolean symlink() {
        return target != null;
    }

    /** The permission bits to present: the stored ones, or the default for a directory or a file. */
    public int modeOr(boolean directory) {
        if (mode >= 0) {
            return mode;
        }
        return symlink() ? 0777 : directory ? 0755 : 0644;
    }

    EntryAttributes withMode(int m) {
        return new EntryAttributes(m < 0 ? -1 : m & PERMISSIONS, atime, ctime, target, special, rdev);
    }

    EntryAttributes withAtime(Instant t) {
        return new EntryAttributes(mode, t, ctime, target, special, rdev);
    }

    EntryAttributes withCtime(Instant t) {
        return new EntryAttributes(mode, atime, t, target, special, rdev);
    }

    /** Adds the optional journal/snapshot fields of these attributes to n. */
    void write(ObjectNode n) {
        if (mode >= 0) {
            n.put("mode", mode);
        }
        if (atime != null) {
            n.put("atime", atime.toString());
        }
        if (ctime != null) {
            n.put("ctime", ctime.toString());
        }
        if (target != null) {
            n.put("target", target);
        }
        if (special != null) {
            n.put("special", special);
            n.put("rdev", rdev);
        }
    }

    /** Reads what {@link #write} wrote; absent fields are defaults. */
    static EntryAttributes read(JsonNode n) {
        return new EntryAttributes(n.hasNonNull("mode") ? n.path("mode").asInt() & PERMISSIONS : -1,
                time(n, "atime"), time(n, "ctime"), n.hasNonNull("target") ? n.path("target").asText() : null,
                n.hasNonNull("special") ? n.path("special").asText() : null, n.path("rdev").asLong());
    }

    static Instant time(JsonNode n, String field) {
        return n.hasNonNull(field) ? Instant.parse(n.path(field).asText()) : null;
    }
}
