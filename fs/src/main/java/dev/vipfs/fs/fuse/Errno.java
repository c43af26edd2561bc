package dev.vipfs.fs.fuse;

import dev.vipfs.crypto.KeyVersionRetiredException;
import dev.vipfs.crypto.NoPrivateKeyException;
import dev.vipfs.fs.access.AccessDeniedException;
import dev.vipfs.fs.access.AuditFailedException;
import dev.vipfs.fs.catalog.NamespaceException;
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
        int refused = refusal(e);
        if (refused != 0) {
            return refused;
        }
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

    /**
     * errno for a request the tree refuses as the caller asked it (a namespace refusal, a write to
     * the read-only tree): answered without a warning, an error count or an audit line; 0 if e is
     * not one.
     */
    static int refusal(Throwable e) {
        if (e instanceof NamespaceException n) {
            return switch (n.kind()) {
                case NOT_FOUND -> -ErrorCodes.ENOENT();
                case EXISTS -> -ErrorCodes.EEXIST();
                case NOT_DIRECTORY -> -ErrorCodes.ENOTDIR();
                case IS_DIRECTORY -> -ErrorCodes.EISDIR();
                case NOT_EMPTY -> -ErrorCodes.ENOTEMPTY();
                case INVALID_NAME, INVALID_MOVE -> -ErrorCodes.EINVAL();
                case NAME_TOO_LONG -> -ErrorCodes.ENAMETOOLONG();
            };
        }
        if (e instanceof RefusedException r) {
            return switch (r.kind()) {
                case READ_ONLY -> -ErrorCodes.EROFS();
                case CROSS_TREE -> -ErrorCodes.EXDEV();
                case NOT_EXECUTABLE -> -ErrorCodes.EACCES();
            };
        }
        if (e instanceof FileOps.IsDirectoryException) {
            return -ErrorCodes.EISDIR();
        }
        if (e instanceof DataFileOps.NotOpenForWritingException) {
            return -ErrorCodes.EBADF();
        }
        if (e instanceof WriteOps.OwnershipException) {
            return -ErrorCodes.EPERM();
        }
        return 0;
    }

    /** getxattr of a name the entry does not carry. */
    static int noAttribute() {
        return -ErrorCodes.ENODATA();
    }

    /**
     * getxattr of a name outside {@code user.vipfs.}: ENOTSUP for the namespaces the mount keeps
     * nothing in (POSIX ACLs, security labels, trusted.*), as the kernel answers for a filesystem
     * without a handler for them, so that ls stops asking for the rest of the device (it
     * remembers one that answered ENOTSUP; ENODATA cost ls -l two round trips per entry);
     * ENODATA for other user.* names, which the mount supports but the entry does not carry.
     */
    static int foreignAttribute(String name) {
        return name.startsWith("user.") ? noAttribute() : -ErrorCodes.EOPNOTSUPP();
    }

    /** A reply buffer smaller than the answer. */
    static int bufferTooSmall() {
        return -ErrorCodes.ERANGE();
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
