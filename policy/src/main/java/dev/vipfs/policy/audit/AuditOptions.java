package dev.vipfs.policy.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * How an audit log writes.
 *
 * @param logRaw   write paths and process names in clear instead of HMAC-SHA256 with the salt
 * @param hmacSalt per-device secret for hashing sensitive strings (at least 16 bytes)
 * @param sync     durability of each record
 */
public record AuditOptions(boolean logRaw, byte[] hmacSalt, SyncPolicy sync) {
    private static final int SALT_BYTES = 32;

    public AuditOptions {
        hmacSalt = hmacSalt == null ? new byte[0] : hmacSalt.clone();
        sync = sync == null ? SyncPolicy.EVERY_RECORD : sync;
    }

    /** Options that force every record to the device. */
    public AuditOptions(boolean logRaw, byte[] hmacSalt) {
        this(logRaw, hmacSalt, SyncPolicy.EVERY_RECORD);
    }

    /**
     * Options for a log file, with its salt persisted beside it in {@code <log>.salt} (mode 0600),
     * created on first use so hashed values stay comparable across restarts.
     */
    public static AuditOptions forLog(Path logFile, boolean logRaw) throws AuditException {
        return new AuditOptions(logRaw, loadOrCreateSalt(saltFile(logFile)), SyncPolicy.EVERY_RECORD);
    }

    /** Where {@link #forLog} keeps the salt for a log. */
    public static Path saltFile(Path logFile) {
        return logFile.resolveSibling(logFile.getFileName() + ".salt");
    }

    static byte[] loadOrCreateSalt(Path file) throws AuditException {
        try {
            if (Files.exists(file)) {
                byte[] salt = Files.readAllBytes(file);
                if (salt.length < 16) {
                    throw new AuditException("audit salt " + file + " is shorter than 16 bytes; restore it from backup"
                            + " (a new salt makes earlier hashed paths incomparable)");
                }
                return salt;
            }
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            byte[] salt = new byte[SALT_BYTES];
            new SecureRandom().nextBytes(salt);
            if (!PrivateFile.create(file)) {
                return loadOrCreateSalt(file); // another process created it first
            }
            Files.write(file, salt, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            return salt;
        } catch (IOException e) {
            throw new AuditException("cannot read or create the audit salt " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] hmacSalt() {
        return hmacSalt.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuditOptions a && a.logRaw == logRaw && a.sync == sync && Arrays.equals(a.hmacSalt, hmacSalt);
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(logRaw) * 31 * 31 + Arrays.hashCode(hmacSalt) * 31 + sync.hashCode();
    }

    @Override
    public String toString() {
        return "AuditOptions[logRaw=" + logRaw + ", salt=" + hmacSalt.length + " bytes, sync=" + sync + "]";
    }
}
