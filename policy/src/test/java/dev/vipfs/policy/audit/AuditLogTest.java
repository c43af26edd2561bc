package dev.vipfs.policy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vipfs.policy.Caller;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit trail against real files: chain verification, tampering, hashing and write failures. */
class AuditLogTest {
    @TempDir
    Path dir;

    private static AuditEvent event(int i) {
        return AuditEvent.builder().operation("read").path("bafy/docs/secret-" + i + ".txt").cid("bafyX" + i)
                .caller(new Caller(1000, 1000, new int[] {33}, 4242, "cat")).decision(i % 3 == 0 ? "deny" : "allow")
                .policy("site-read").rule("bafy/*").keyId("k1").keyVersion(2).reason(i % 3 == 0 ? "explicitly denied" : null)
                .build();
    }

    @Test
    void refusesALinkOrAFifoWhereTheLogShouldBe() throws Exception {
        Path target = Files.writeString(dir.resolve("elsewhere"), "not a log\n");
        Path link = Files.createSymbolicLink(dir.resolve("linked.log"), target);
        AuditException e = assertThrows(AuditException.class, () -> AuditLog.open(link, AuditOptions.forLog(link, false)));
        assertTrue(e.getMessage().contains("cannot open audit log"), e.getMessage());
        assertEquals("not a log\n", Files.readString(target));
        Path fifo = dir.resolve("fifo.log");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        AuditException f = assertThrows(AuditException.class, () -> AuditLog.open(fifo, AuditOptions.forLog(fifo, false)));
        assertTrue(f.getMessage().contains("not a plain file"), f.getMessage());
    }

    private Path writeLog(int n, boolean raw) throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = AuditLog.open(file, AuditOptions.forLog(file, raw))) {
            for (int i = 1; i <= n; i++) {
                log.record(event(i));
            }
        }
        return file;
    }

    @Test
    void realLogVerifies() throws Exception {
        Path file = writeLog(20, false);
        AuditVerification v = AuditLog.verify(file);
        assertTrue(v.valid(), v.toString());
        assertEquals(20, v.lines());
        // Reopening continues the chain.
        try (AuditLog log = AuditLog.open(file, AuditOptions.forLog(file, false))) {
            log.record(event(21));
        }
        AuditVerification v2 = AuditLog.verify(file);
        assertTrue(v2.valid(), v2.toString());
        assertEquals(21, v2.lines());
    }

    @Test
    void sensitiveStringsAreHashedUnlessRaw() throws Exception {
        Path file = writeLog(1, false);
        String line = Files.readAllLines(file).get(0);
        assertFalse(line.contains("secret-1"), line);
        assertFalse(line.contains("\"cat\""), line);
        JsonNode n = new ObjectMapper().readTree(line);
        assertTrue(n.get("path").asText().startsWith("hmac-sha256:"));
        assertEquals(1, n.get("seq").asInt());
        assertEquals("bafyX1", n.get("cid").asText());
        assertEquals(1000, n.get("uid").asInt());
        assertEquals(4242, n.get("pid").asInt());
        assertEquals("allow", n.get("decision").asText());
        assertEquals("site-read", n.get("policy").asText());
        assertEquals("k1", n.get("key_id").asText());
        assertEquals(2, n.get("key_version").asInt());
        // The same salt hashes the same path the same way, so an operator can search for it.
        try (AuditLog log = AuditLog.open(file, AuditOptions.forLog(file, false))) {
            assertEquals(n.get("path").asText(), log.hash("bafy/docs/secret-1.txt"));
        }
        Path raw = dir.resolve("raw.log");
        try (AuditLog log = AuditLog.open(raw, AuditOptions.forLog(raw, true))) {
            log.record(event(1));
        }
        assertTrue(Files.readString(raw).contains("\"path\":\"bafy/docs/secret-1.txt\""));
        assertTrue(Files.readString(raw).contains("\"process\":\"cat\""));
    }

    @Test
    void editedLineIsDetected() throws Exception {
        Path file = writeLog(10, true);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(4, lines.get(4).replace("\"decision\":\"allow\"", "\"decision\":\"deny\""));
        Files.write(file, lines);
        AuditVerification v = AuditLog.verify(file);
        assertFalse(v.valid());
        assertEquals(5, v.firstBadLine(), v.toString());
    }

    @Test
    void editedLineWithRecomputedHashIsDetectedByTheNextLine() throws Exception {
        Path file = writeLog(10, true);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String edited = lines.get(4).replace("\"uid\":1000", "\"uid\":1001");
        String body = edited.substring(0, edited.indexOf(",\"hash\":"));
        lines.set(4, ChainedLine.seal(body + "}"));
        Files.write(file, lines);
        AuditVerification v = AuditLog.verify(file);
        assertFalse(v.valid());
        assertEquals(6, v.firstBadLine(), v.toString());
    }

    @Test
    void deletedLineIsDetected() throws Exception {
        Path file = writeLog(10, true);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.remove(6);
        Files.write(file, lines);
        AuditVerification v = AuditLog.verify(file);
        assertFalse(v.valid());
        assertEquals(7, v.firstBadLine(), v.toString());
    }

    @Test
    void swappedLinesAreDetected() throws Exception {
        Path file = writeLog(10, true);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        Collections.swap(lines, 2, 3);
        Files.write(file, lines);
        AuditVerification v = AuditLog.verify(file);
        assertFalse(v.valid());
        assertEquals(3, v.firstBadLine(), v.toString());
    }

    @Test
    void truncationChangesTheHead() throws Exception {
        Path file = writeLog(10, true);
        String head = AuditLog.verify(file).lastHash();
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        Files.write(file, lines.subList(0, 9));
        AuditVerification v = AuditLog.verify(file);
        assertTrue(v.valid(), "a cut tail is only visible against an anchored head");
        assertFalse(head.equals(v.lastHash()));
    }

    @Test
    void partialLastLineIsCutOnOpen() throws Exception {
        Path file = writeLog(3, true);
        Files.write(file, "{\"seq\":4,\"ti".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        assertFalse(AuditLog.verify(file).valid());
        try (AuditLog log = AuditLog.open(file, AuditOptions.forLog(file, true))) {
            log.record(event(4));
        }
        AuditVerification v = AuditLog.verify(file);
        assertTrue(v.valid(), v.toString());
        assertEquals(4, v.lines());
    }

    @Test
    void linesGoWhereThePreviousOneEndedWithoutGapsOrOverlaps() throws Exception {
        // Lines are positional writes at the end the log itself tracks (no fstat/lseek per line):
        // after a cut partial line and across many records the file is exactly the lines, in order.
        Path file = writeLog(2, true);
        Files.write(file, "{\"seq\":3,\"ti".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        try (AuditLog log = AuditLog.open(file, AuditOptions.forLog(file, true))) {
            for (int i = 3; i <= 50; i++) {
                log.record(event(i));
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        for (byte b : bytes) {
            assertTrue(b != 0, "no hole in the file");
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(50, lines.size());
        assertEquals(bytes.length, lines.stream().mapToInt(l -> l.getBytes(StandardCharsets.UTF_8).length + 1).sum());
        AuditVerification v = AuditLog.verify(file);
        assertTrue(v.valid(), v.toString());
        assertEquals(50, v.lines());
    }

    @Test
    void recordThrowsWhenTheLogIsReplacedByADirectory() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = AuditLog.open(file, AuditOptions.forLog(file, true))) {
            log.record(event(1));
            Files.delete(file);
            Files.createDirectory(file);
            AuditException e = assertThrows(AuditException.class, () -> log.record(event(2)));
            assertTrue(e.getMessage().contains("audit.log"), e.getMessage());
        }
    }

    @Test
    void aDeletedLogStartsAFreshLinkedFileAndAClosedOneThrows() throws Exception {
        Path file = dir.resolve("audit.log");
        AuditLog log = AuditLog.open(file, AuditOptions.forLog(file, true));
        log.record(event(1));
        Files.delete(file);
        // The deletion is not hidden: the new file's first line names the lost head (AuditLogRotationTest).
        log.record(event(2));
        assertTrue(Files.readAllLines(file).get(0).contains("\"op\":\"" + ChainLink.OPERATION + "\""));
        assertTrue(AuditLog.verify(file).valid());
        log.close();
        assertThrows(AuditException.class, () -> log.record(event(1)));
    }

    @Test
    void eventsRecordedTogetherAreConsecutiveChainedLinesOrNone() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = AuditLog.open(file, AuditOptions.forLog(file, true))) {
            log.record(event(1));
            log.recordAll(List.of(event(2), event(3)));
            log.recordAll(List.of());
            log.record(event(4));
            Files.delete(file); // rotated away: the pair goes to the new file after its link line
            log.recordAll(List.of(event(5), event(6)));
            boolean immutable = new ProcessBuilder("chattr", "+i", file.toString()).redirectErrorStream(true)
                    .start().waitFor() == 0;
            if (immutable) {
                try {
                    assertThrows(AuditException.class, () -> log.recordAll(List.of(event(7), event(8))));
                } finally {
                    new ProcessBuilder("chattr", "-i", file.toString()).start().waitFor();
                }
                log.record(event(9)); // the failed pair took no sequence numbers
            }
        }
        AuditVerification v = AuditLog.verify(file);
        assertTrue(v.valid(), v.toString());
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(0).contains("\"op\":\"" + ChainLink.OPERATION + "\""), lines.get(0));
        assertTrue(lines.get(1).contains("secret-5") && lines.get(2).contains("secret-6"), lines.toString());
        assertEquals(lines.size(), v.lines());
        assertFalse(Files.readString(file).contains("secret-7"));
    }

    @Test
    void recordThrowsWhenTheFileIsImmutable() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditLog log = AuditLog.open(file, AuditOptions.forLog(file, true))) {
            log.record(event(1));
            boolean immutable = new ProcessBuilder("chattr", "+i", file.toString()).redirectErrorStream(true)
                    .start().waitFor() == 0;
            org.junit.jupiter.api.Assumptions.assumeTrue(immutable, "chattr +i not supported here");
            try {
                assertThrows(AuditException.class, () -> log.record(event(2)));
            } finally {
                new ProcessBuilder("chattr", "-i", file.toString()).start().waitFor();
            }
        }
        assertTrue(AuditLog.verify(file).valid());
    }

    @Test
    void openFailsOnADirectoryOrUnwritablePlace() throws Exception {
        Path asDir = Files.createDirectory(dir.resolve("d.log"));
        assertThrows(AuditException.class, () -> AuditLog.open(asDir, new AuditOptions(true, new byte[0])));
        Path blocker = Files.writeString(dir.resolve("notadir"), "x");
        Path under = blocker.resolve("audit.log");
        assertThrows(AuditException.class, () -> AuditLog.open(under, new AuditOptions(true, new byte[0])));
        assertThrows(AuditException.class, () -> AuditOptions.forLog(under, false));
    }

    @Test
    void damagedLastLineRefusesToOpen() throws Exception {
        Path file = writeLog(3, true);
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(2, lines.get(2).replace("read", "rEad"));
        Files.write(file, lines);
        AuditException e = assertThrows(AuditException.class, () -> AuditLog.open(file, new AuditOptions(true, null)));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void concurrentRecordsKeepTheChain() throws Exception {
        Path file = dir.resolve("audit.log");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        // EVERY_RECORD exercises the shared (group-commit) force path under contention.
        try (AuditLog log = AuditLog.open(file, new AuditOptions(false, new byte[32], SyncPolicy.EVERY_RECORD))) {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 60; i++) {
                        log.record(event(i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        AuditVerification v = AuditLog.verify(file);
        assertTrue(v.valid(), v.toString());
        assertEquals(480, v.lines());
    }

    @Test
    void saltIsPersistedPrivately() throws Exception {
        Path file = dir.resolve("audit.log");
        AuditOptions a = AuditOptions.forLog(file, false);
        AuditOptions b = AuditOptions.forLog(file, false);
        assertEquals(a, b);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(AuditOptions.saltFile(file))));
        AuditLog.open(file, a).close();
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)));
    }
}
