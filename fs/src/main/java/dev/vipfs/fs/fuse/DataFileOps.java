package dev.vipfs.fs.fuse;

import dev.vipfs.fs.access.AuditFailedException;
import dev.vipfs.fs.catalog.NamespaceCatalog;
import dev.vipfs.fs.catalog.NamespaceException;
import dev.vipfs.fs.catalog.NamespacePaths;
import dev.vipfs.fs.write.WritableNamespace;
import dev.vipfs.policy.Caller;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Reads, writes, commits and releases on handles {@link WriteOps} opened in MOUNT/data. No request
 * context is needed past open: a commit is audited under the caller the handle captured.
 */
final class DataFileOps {
    private final MountServices s;
    private final WritableNamespace ns;

    DataFileOps(MountServices s, WritableNamespace ns) {
        this.s = s;
        this.ns = ns;
    }

    int read(long fh, long offset, byte[] dst, int len) throws IOException {
        OpenFile.DataFile h = handle(fh);
        if (h instanceof OpenFile.Spooled f) {
            return ns.read(f.open(), offset, dst, len);
        }
        return ((OpenFile.Committed) h).reader().read(offset, dst, 0, len);
    }

    int write(long fh, long offset, ByteBuffer data) throws IOException {
        return ns.write(writer(fh).open(), offset, data);
    }

    void ftruncate(long fh, long size) throws IOException {
        ns.truncate(writer(fh).open(), size);
    }

    /** flush (durable=false) and fsync (durable=true): make what was written so far a catalogued version. */
    void commit(long fh, boolean durable) throws IOException, NamespaceException {
        OpenFile.Spooled h = s.files.get(fh, OpenFile.Spooled.class);
        if (h != null && h.writable()) {
            audit(h, ns.commit(h.open(), durable));
        }
    }

    /** A new version is an event of its own in the audit trail: who made which CID of which path. */
    private void audit(OpenFile.Spooled h, Optional<NamespaceCatalog.Version> committed) throws AuditFailedException {
        if (committed.isPresent()) {
            NamespaceCatalog.Version v = committed.get();
            String path = h.open().path();
            s.gate.recordCommit(h.caller(), NamespacePaths.policyPath(path == null ? h.path() : path), v.cid(), v.number(), v.size(), v.keys());
        }
    }

    void release(long fh) throws IOException, NamespaceException {
        OpenFile.DataFile h = s.files.remove(fh, OpenFile.DataFile.class);
        if (!(h instanceof OpenFile.Spooled f)) {
            return;
        }
        if (f.writable()) {
            audit(f, ns.release(f.open()));
        } else {
            ns.releaseRead(f.open());
        }
    }

    /** The caller captured at open, for auditing failures in release. */
    Caller callerOf(long fh) {
        OpenFile.DataFile h = s.files.get(fh, OpenFile.DataFile.class);
        return h == null ? null : h.caller();
    }

    private OpenFile.DataFile handle(long fh) throws IOException {
        OpenFile.DataFile h = s.files.get(fh, OpenFile.DataFile.class);
        if (h == null) {
            throw new IOException("unknown file handle " + fh);
        }
        return h;
    }

    /** The spool behind a handle opened for writing. */
    private OpenFile.Spooled writer(long fh) throws IOException {
        if (handle(fh) instanceof OpenFile.Spooled f && f.writable()) {
            return f;
        }
        throw new NotOpenForWritingException("file handle " + fh + " was opened read-only");
    }

    /** A write on a handle opened read-only (EBADF). */
    static final class NotOpenForWritingException extends IOException {
        private static final long serialVersionUID = 1L;

        NotOpenForWritingException(String m) {
            super(m);
        }
    }
}
