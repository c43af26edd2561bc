package dev.vipfs.policy.audit;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Creates files readable by their owner only: the salt is a secret and raw logs hold paths. */
final class PrivateFile {
    private PrivateFile() { }

    /** Creates the file with mode 0600; false if it already existed (someone else created it first). */
    static boolean create(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return true;
        } catch (FileAlreadyExistsException raced) {
            return false;
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
            return true;
        }
    }
}
