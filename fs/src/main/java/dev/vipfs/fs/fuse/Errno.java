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
import ru.serce.jnrfuse.ErrorCodes;

/** The one place where failures become errno values; everything inside fs throws exceptions. */
final class Errno {
    private Errno() { }

    static int of(Throwable e) {
        if (e instanceof MountPath.NotACidException || e instanceof NoSuchLinkException) {
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
        return -ErrorCodes.EIO();
    }

    /** Failures that are the caller's to see and not worth a warning in the daemon log. */
    static boolean expected(Throwable e) {
        return e instanceof MountPath.NotACidException || e instanceof NoSuchLinkException
                || e instanceof NotADirectoryLinkException || e instanceof AccessDeniedException
                || e instanceof FileTooLargeException;
    }
}
