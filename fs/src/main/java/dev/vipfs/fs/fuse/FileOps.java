package dev.vipfs.fs.fuse;

import dev.vipfs.fs.access.AccessGate;
import dev.vipfs.fs.content.ContentOpener;
import dev.vipfs.fs.content.ContentReader;
import dev.vipfs.fs.content.ObjectInfo;
import dev.vipfs.fs.path.MountPath;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Operation;
import java.io.IOException;
import java.nio.ByteBuffer;

/** open/read/release: policy first, then resolution, fetch and decryption. */
final class FileOps {
    /** Thrown for an open of a directory. */
    static final class IsDirectoryException extends IOException {
        private static final long serialVersionUID = 1L;

        IsDirectoryException(String m) {
            super(m);
        }
    }

    private final MountServices s;

    FileOps(MountServices s) {
        this.s = s;
    }

    long open(Caller caller, MountPath path) throws IOException, MountPath.NotACidException {
        ContentReader reader;
        // The decision and the decryption it allowed are one write to the trail; both are written
        // before the handle exists (docs/security.md, "Audit before access").
        try (AccessGate.Held lines = s.gate.holdAllows()) {
            Cid cid = s.access.authorize(caller, path, Operation.READ);
            ObjectInfo info = s.inspector.inspect(cid);
            if (info.kind() == ObjectInfo.Kind.DIRECTORY) {
                throw new IsDirectoryException(path.raw() + " is a directory");
            }
            if (!info.encrypted() && !s.allowPlaintext) {
                throw new PlaintextRefusedException(cid + " is not encrypted and this mount serves encrypted objects only");
            }
            ContentOpener.Opened opened = s.content.open(info);
            if (opened.encrypted()) {
                s.gate.recordDecrypt(caller, path.policyPath(), cid, opened.keyId(), opened.keyVersion());
            }
            reader = opened.reader();
        }
        return s.files.add(new OpenFile.Content(reader));
    }

    int read(long fh, long offset, byte[] dst, int len) throws IOException {
        return reader(fh).read(offset, dst, 0, len);
    }

    /** Reads into dst (a view of the FUSE reply buffer), advancing its position. */
    int read(long fh, long offset, ByteBuffer dst) throws IOException {
        return reader(fh).read(offset, dst);
    }

    private ContentReader reader(long fh) throws IOException {
        OpenFile.Content file = s.files.get(fh, OpenFile.Content.class);
        if (file == null) {
            throw new IOException("read on unknown file handle " + fh);
        }
        return file.reader();
    }

    void release(long fh) {
        s.files.remove(fh, OpenFile.Content.class);
    }
}
