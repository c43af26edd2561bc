package dev.vipfs.fs.fuse;

import dev.vipfs.fs.catalog.NamespaceCatalog;
import dev.vipfs.fs.catalog.NamespaceException;
import dev.vipfs.fs.catalog.NamespacePaths;
import dev.vipfs.fs.content.ContentOpener;
import dev.vipfs.fs.content.ContentReader;
import dev.vipfs.fs.content.ObjectInfo;
import dev.vipfs.fs.write.PlaintextSource;
import dev.vipfs.fs.write.WritableNamespace;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Operation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ru.serce.jnrfuse.struct.FileStat;

/**
 * The writable namespace under MOUNT/data: policy first (paths "data/..."), then the namespace.
 * Handles carry the caller captured at open, because release has no request context; what is
 * done with them after open is {@link DataFileOps}.
 */
final class WriteOps {
    static final String DATA = NamespacePaths.MOUNT_DIR;

    private final MountServices s;
    private final WritableNamespace ns;

    WriteOps(MountServices s, WritableNamespace ns) {
        this.s = s;
        this.ns = ns;
    }

    /** Whether a FUSE path lies in the writable namespace. */
    static boolean owns(String fusePath) {
        return fusePath.equals("/" + DATA) || fusePath.startsWith("/" + DATA + "/");
    }

    /** The namespace path ("" for MOUNT/data itself). */
    static String nsPath(String fusePath) {
        return fusePath.length() <= DATA.length() + 1 ? "" : fusePath.substring(DATA.length() + 2);
    }

    private static String policyPath(String ns) {
        return NamespacePaths.policyPath(ns);
    }

    void getattr(Caller caller, String path, FileStat stat) throws IOException, NamespaceException {
        s.gate.require(caller, policyPath(path), Operation.LOOKUP, null);
        WritableNamespace.Stat st = ns.stat(path).filter(x -> !LinkAndModeOps.hidden(s, path, x))
                .orElseThrow(() -> notFound(path));
        LinkAndModeOps.fill(stat, st);
        // Every caller sees itself as owner: the policy, not mode bits, decides who may write.
        stat.st_uid.set(caller.uid());
        stat.st_gid.set(caller.gid());
    }

    /** The entries the caller could look up; a listing never shows a name the policy hides. */
    List<String> readdir(Caller caller, String path) throws IOException, NamespaceException {
        s.gate.require(caller, policyPath(path), Operation.LIST, null);
        List<String> shown = new ArrayList<>();
        for (String name : ns.list(path)) {
            String child = NamespacePaths.child(path, name);
            if (s.hideEscapingSymlinks && ns.stat(child).filter(st -> LinkAndModeOps.hidden(s, child, st)).isPresent()) {
                continue;
            }
            if (s.gate.permits(caller, policyPath(child), Operation.LOOKUP)) {
                shown.add(name);
            }
        }
        return shown;
    }

    long create(Caller caller, String path, int flags) throws IOException, NamespaceException {
        return create(caller, path, flags, -1);
    }

    /** A new file gets permission bits mode (negative: 0644); an existing one keeps its own. */
    long create(Caller caller, String path, int flags, long mode) throws IOException, NamespaceException {
        boolean exists = ns.stat(path).isPresent();
        if (exists && (flags & OpenFlags.O_EXCL) != 0) {
            throw new NamespaceException(NamespaceException.Kind.EXISTS, "'" + path + "' already exists");
        }
        s.gate.require(caller, policyPath(path), exists ? Operation.UPDATE : Operation.CREATE, null);
        if (OpenFlags.accessMode(flags) == OpenFlags.O_RDWR) {
            s.gate.require(caller, policyPath(path), Operation.READ, null);
        }
        WritableNamespace.Open open = ns.openWrite(path, true, source(caller, path));
        long fh = s.files.add(new OpenFile.Spooled(caller, path, open, true));
        if (!exists && mode >= 0) {
            ns.setAttributes(path, (int) (mode & dev.vipfs.fs.catalog.EntryAttributes.PERMISSIONS), null, null);
        }
        return fh;
    }

    long open(Caller caller, String path, int flags) throws IOException, NamespaceException {
        int mode = OpenFlags.accessMode(flags);
        if (mode == OpenFlags.O_WRONLY || mode == OpenFlags.O_RDWR || (flags & OpenFlags.O_TRUNC) != 0) {
            if (ns.stat(path).isEmpty() && (flags & OpenFlags.O_CREAT) != 0) {
                return create(caller, path, flags);
            }
            WritableNamespace.Stat st = ns.stat(path).orElseThrow(() -> notFound(path));
            if (st.directory()) {
                throw new NamespaceException(NamespaceException.Kind.IS_DIRECTORY, "'" + path + "' is a directory");
            }
            s.gate.require(caller, policyPath(path), Operation.UPDATE, null);
            boolean truncate = (flags & OpenFlags.O_TRUNC) != 0;
            if (mode == OpenFlags.O_RDWR || (!truncate && st.size() > 0)) {
                // A handle that can read, or an open that decrypts the old content into the file
                // being written, reads: update alone must not yield plaintext.
                s.gate.require(caller, policyPath(path), Operation.READ, null);
            }
            WritableNamespace.Open open = ns.openWrite(path, truncate, source(caller, path));
            return s.files.add(new OpenFile.Spooled(caller, path, open, true));
        }
        s.gate.require(caller, policyPath(path), Operation.READ, null);
        WritableNamespace.Stat st = ns.stat(path).orElseThrow(() -> notFound(path));
        if (st.directory()) {
            throw new FileOps.IsDirectoryException(path + " is a directory");
        }
        Optional<WritableNamespace.Open> writing = ns.writing(path);
        if (writing.isPresent()) {
            return s.files.add(new OpenFile.Spooled(caller, path, writing.get(), false));
        }
        NamespaceCatalog.Version v = ns.committed(path).orElseThrow(() -> notFound(path));
        return s.files.add(new OpenFile.Committed(caller, path, openCommitted(caller, path, v.cid())));
    }

    private ContentReader openCommitted(Caller caller, String path, Cid cid) throws IOException {
        ObjectInfo info = s.inspector.inspect(cid);
        ContentOpener.Opened opened = s.content.open(info);
        if (opened.encrypted()) {
            s.gate.recordDecrypt(caller, policyPath(path), cid, opened.keyId(), opened.keyVersion());
        }
        return opened.reader();
    }

    /** Reads committed plaintext when a file is opened for update without O_TRUNC; audited like any decryption. */
    private PlaintextSource source(Caller caller, String path) {
        return cid -> {
            ContentReader r = openCommitted(caller, path, cid);
            return (offset, dst, len) -> r.read(offset, dst, 0, len);
        };
    }

    void truncate(Caller caller, String path, long size) throws IOException, NamespaceException {
        s.gate.require(caller, policyPath(path), Operation.UPDATE, null);
        WritableNamespace.Stat st = ns.stat(path).orElseThrow(() -> notFound(path));
        if (st.directory()) {
            throw new NamespaceException(NamespaceException.Kind.IS_DIRECTORY, "'" + path + "' is a directory");
        }
        if (size > 0 && st.size() > 0) {
            // Keeping a prefix of the old content decrypts it into the new version.
            s.gate.require(caller, policyPath(path), Operation.READ, null);
        }
        // Before openWrite, which would decrypt the old content only for the truncate to be refused.
        WritableNamespace.requireSize(size);
        WritableNamespace.Open open = ns.openWrite(path, size == 0, source(caller, path));
        try {
            ns.truncate(open, size);
        } finally {
            ns.release(open);
        }
    }

    void mkdir(Caller caller, String path, long mode) throws IOException, NamespaceException {
        s.gate.require(caller, policyPath(path), Operation.CREATE, null);
        ns.mkdir(path, (int) (mode & dev.vipfs.fs.catalog.EntryAttributes.PERMISSIONS));
    }

    void unlink(Caller caller, String path, boolean directory) throws IOException, NamespaceException {
        s.gate.require(caller, policyPath(path), Operation.DELETE, null);
        ns.remove(path, directory);
    }

    /**
     * Moving content reads it out of one place and writes it into another: every path that moves
     * needs what reading (read for files, list for directories) and deleting it would, and every
     * name it lands on needs create (update where it replaces a file). Otherwise a caller who may
     * delete and create could carry a subtree it may not read to where it, or others, can.
     */
    void rename(Caller caller, String from, String to) throws IOException, NamespaceException {
        Map<String, Boolean> moving = ns.subtree(from);
        if (moving.isEmpty()) {
            throw notFound(from);
        }
        for (Map.Entry<String, Boolean> e : moving.entrySet()) {
            String src = e.getKey();
            String dst = to + src.substring(from.length());
            s.gate.require(caller, policyPath(src), e.getValue() ? Operation.LIST : Operation.READ, null);
            s.gate.require(caller, policyPath(src), Operation.DELETE, null);
            boolean replaces = src.equals(from) && ns.stat(to).isPresent();
            s.gate.require(caller, policyPath(dst), replaces ? Operation.UPDATE : Operation.CREATE, null);
        }
        ns.rename(from, to);
    }

    /** access(2): what the policy would allow the caller to do with the path, for the asked mode bits. */
    void access(Caller caller, String path, int mask) throws IOException, NamespaceException {
        s.gate.require(caller, policyPath(path), Operation.LOOKUP, null);
        WritableNamespace.Stat st = ns.stat(path).orElseThrow(() -> notFound(path));
        if ((mask & AccessOps.R_OK) != 0) {
            s.gate.require(caller, policyPath(path), st.directory() ? Operation.LIST : Operation.READ, null);
        }
        if ((mask & AccessOps.W_OK) != 0) {
            s.gate.require(caller, policyPath(path), st.directory() ? Operation.CREATE : Operation.UPDATE, null);
        }
    }

    /** Accepted as no-ops: modes and times are not part of the catalogue. */
    void checkExists(Caller caller, String path) throws IOException, NamespaceException {
        s.gate.require(caller, policyPath(path), Operation.LOOKUP, null);
        ns.stat(path).orElseThrow(() -> notFound(path));
    }

    /**
     * chown/lchown: every file shows its caller as owner (see getattr), so changing ownership to
     * that uid and gid (or leaving either unchanged, -1) is a no-op that succeeds; anything else
     * would need ownership the catalogue does not store.
     */
    void chown(Caller caller, String path, long uid, long gid) throws IOException, NamespaceException, OwnershipException {
        checkExists(caller, path);
        if (!unchangedOr(uid, caller.uid()) || !unchangedOr(gid, caller.gid())) {
            throw new OwnershipException("'data/" + path + "' can only be owned by its caller (uid " + caller.uid()
                    + ", gid " + caller.gid() + "), not uid " + (int) uid + " gid " + (int) gid);
        }
    }

    /** uid_t/gid_t arrive as unsigned 32-bit values; (uid_t) -1 means "leave as it is". */
    private static boolean unchangedOr(long requested, long own) {
        long id = requested & 0xFFFFFFFFL;
        return id == 0xFFFFFFFFL || id == (own & 0xFFFFFFFFL);
    }

    Map<String, String> attributes(Caller caller, String path) throws IOException, NamespaceException {
        s.gate.require(caller, policyPath(path), Operation.LOOKUP, null);
        Map<String, String> attrs = new LinkedHashMap<>();
        ns.stat(path).orElseThrow(() -> notFound(path));
        if (ns.catalog().get(path).filter(i -> i.attrs().special() == null).isPresent()) {
            attrs.put(XattrOps.CID, ns.cid(path).toString());
            ns.committed(path).ifPresent(v -> {
                attrs.put("user.vipfs.version", Integer.toString(v.number()));
                attrs.put(XattrOps.ENCRYPTED, "true");
            });
        }
        return attrs;
    }

    private static NamespaceException notFound(String path) {
        return new NamespaceException(NamespaceException.Kind.NOT_FOUND, "no such file or directory: 'data/" + path + "'");
    }

    /** An ownership change, or a hard link, the namespace cannot represent (EPERM). */
    static final class OwnershipException extends Exception {
        private static final long serialVersionUID = 1L;

        OwnershipException(String m) {
            super(m);
        }
    }
}
