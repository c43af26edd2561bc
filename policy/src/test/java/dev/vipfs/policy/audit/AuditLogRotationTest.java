package dev.vipfs.policy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.policy.Caller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** logrotate against an open log: renamed away, recreated, reopened on SIGHUP; the files stay linked. */
class AuditLogRotationTest {
    @TempDir
    Path dir;

    private static AuditEvent event(int i) {
        return AuditEvent.builder().operation("read").path("bafy/f-" + i).caller(new Caller(1000, 1000, new int[0], 7, "cat"))
                .decision("allow").build();
    }

    private AuditLog open(Path file, SyncPolicy sync) throws AuditException {
        AuditOptions base = AuditOptions.forLog(file, false);
        return AuditLog.open(file, new AuditOptions(base.logRaw(), base.hmacSalt(), sync));
    }

    private static void assertLinked(Path older, Path newer) {
        AuditVerification o = AuditLog.verify(older);
        AuditVerification n = AuditLog.verify(newer);
        assertTrue(o.valid(), o.toString());
        assertTrue(n.valid(), n.toString());
        assertNull(ChainLink.check(o, newer));
    }

    @Test
    void aRenameIsDetectedOnTheNextRecordAndTheNewFileLinksToTheOld() throws Exception {
        Path file = dir.resolve("audit.log");
        Path rotated = dir.resolve("audit.log.1");
        try (AuditLog log = open(file, SyncPolicy.EVERY_RECORD)) {
            for (int i = 1; i <= 3; i++) {
                log.record(event(i));
            }
            Files.move(file, rotated);
            log.record(event(4)); // used to throw "moved while open" here, and on every record after it
            log.record(event(5));
        }
        assertEquals(3, AuditLog.verify(rotated).lines());
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), "the link line and two records");
        assertTrue(lines.get(0).contains("\"op\":\"" + ChainLink.OPERATION + "\""), lines.get(0));
        assertLinked(rotated, file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void reopenTakesTheFileLogrotateCreated() throws Exception {
        Path file = dir.resolve("audit.log");
        Path rotated = dir.resolve("audit.log.1");
        try (AuditLog log = open(file, SyncPolicy.OS_BUFFERED)) {
            log.record(event(1));
            Files.move(file, rotated);
            Files.createFile(file); // logrotate's "create"
            log.reopen();           // postrotate: systemctl reload
            assertTrue(Files.size(file) > 0, "the link line is written at reopen, not at the next record");
            log.record(event(2));
        }
        assertLinked(rotated, file);
        assertEquals(2, AuditLog.verify(file).lines());
    }

    @Test
    void reopenWithoutARotationKeepsOneFile() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = open(file, SyncPolicy.EVERY_RECORD)) {
            log.record(event(1));
            log.reopen();
            log.record(event(2));
        }
        AuditVerification v = AuditLog.verify(file);
        assertTrue(v.valid(), v.toString());
        assertEquals(2, v.lines());
    }

    @Test
    void aMissingFileBetweenTwoRotationsIsReported() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = open(file, SyncPolicy.OS_BUFFERED)) {
            log.record(event(1));
            Files.move(file, dir.resolve("audit.log.2"));
            log.record(event(2));
            Files.move(file, dir.resolve("audit.log.1"));
            log.record(event(3));
        }
        assertLinked(dir.resolve("audit.log.2"), dir.resolve("audit.log.1"));
        assertLinked(dir.resolve("audit.log.1"), file);
        String gap = ChainLink.check(AuditLog.verify(dir.resolve("audit.log.2")), file);
        assertNotNull(gap);
        assertTrue(gap.contains("missing"), gap);
    }
}
