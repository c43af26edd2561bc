package dev.vipfs.fs.fuse;

import dev.vipfs.crypto.KeyVersionRetiredException;
import dev.vipfs.crypto.NoPrivateKeyException;
import dev.vipfs.fs.access.AccessDeniedException;
import dev.vipfs.fs.access.AuditFailedException;
import dev.vipfs.fs.content.DecryptionException;
import dev.vipfs.fs.path.MountPath;
import dev.vipfs.fs.path.NoSuchLinkException;
import dev.vipfs.fs.path.NotADirectoryLinkException;
import dev.vipfs.fs.write.FileTooLargeException;
import dev.vipfs.ipfs.block.FetchTimeoutException;
import java.nio.file.FileSystemException;
import ru.serce.jnrfuse.ErrorCodes;

/** The one place where failures become errno values; everything inside fs throws exceptions. */
final class Errno {
    private Errno() { }

    static int of(Throwable e) {
        if (e instanceof MountPath.NotACidException || e instanceof NoSuchLinkException) {
            return -ErrorCodes.ENOENT();
        }
        if (e instanceof dev.vipfs.ipfs.ipns.NameNotFoundException) {
            return -ErrorCodes.ENOENT();
        }
        if (e instanceof NotADirectoryLinkException) {
            return -ErrorCodes.ENOTDIR();
        }
        if (e instanceof AccessDeniedException) {
            return -ErrorCodes.EACCES();
        }
        if (e instanceof AuditFailedException) {
            return -ErrorCodes.EIO();
        }
        if (e instanceof DecryptionException d) {
            if (d.crypto() instanceof NoPrivateKeyException) {
                return -ErrorCodes.ENOKEY();
            }
            if (d.crypto() instanceof KeyVersionRetiredException) {
                return -ErrorCodes.EKEYREVOKED();
            }
            return -ErrorCodes.EIO();
        }
        if (e instanceof FileTooLargeException) {
            return -ErrorCodes.EFBIG();
        }
        if (e instanceof PlaintextRefusedException) {
            return -ErrorCodes.EACCES();
        }
        if (timedOut(e)) {
            return -ErrorCodes.ETIMEDOUT();
        }
        return storageErrno(e);
    }

    /** A block source that did not answer within the fetch timeout, anywhere in the cause chain. */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FetchTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * A full disk, a quota or a read-only store is the user's to act on, not an I/O error. Java
     * carries the C library's message, not the errno, so the cause chain is matched on the strings
     * glibc gives these errors (in the C locale the launcher runs under); anything else is EIO.
     */
    private static int storageErrno(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t instanceof FileSystemException f && f.getReason() != null ? f.getReason() : t.getMessage();
            if (m == null) {
                continue;
            }
            if (m.contains("No space left on device")) {
                return -ErrorCodes.ENOSPC();
            }
            if (m.contains("Disk quota exceeded")) {
                return -ErrorCodes.EDQUOT();
            }
            if (m.contains("Read-only file system")) {
                return -ErrorCodes.EROFS();
            }
        }
        return -ErrorCodes.EIO();
    }

    /** Failures that are the caller's to see and not worth a warning in the daemon log. */
    static boolean expected(Throwable e) {
        return e instanceof MountPath.NotACidException || e instanceof NoSuchLinkException
                || e instanceof NotADirectoryLinkException || e instanceof AccessDeniedException
                || e instanceof FileTooLargeException || e instanceof dev.vipfs.ipfs.ipns.NameNotFoundException;
    }
}
