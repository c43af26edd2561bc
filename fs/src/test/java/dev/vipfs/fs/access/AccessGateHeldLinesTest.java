package dev.vipfs.fs.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Operation;
import dev.vipfs.policy.PolicyEngine;
import dev.vipfs.policy.audit.AuditLog;
import dev.vipfs.policy.audit.AuditOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An open's allow line is held and written with its next line, or when the scope closes: never
 * lost, never after a refusal, never twice, and a trail that cannot take it fails the request.
 */
class AccessGateHeldLinesTest {
    private static final Cid CID = Cid.parse("QmbkeUc2yGhk9HVfi2ePybCzDgsCGCARe6MiMsJZz2729t");
    private static final Caller ALICE = new Caller(1000, 1000, new int[] {1000}, 42, "cat");

    @TempDir
    Path dir;

    private Path file;
    private AuditLog log;

    private AccessGate gate() throws Exception {
        file = dir.resolve("audit.log");
        log = AuditLog.open(file, AuditOptions.forLog(file, true));
        return new AccessGate(PolicyEngine.allowAll(), log);
    }

    private List<String> ops() throws Exception {
        return Files.readAllLines(file).stream()
                .map(l -> l.replaceAll(".*\"op\":\"([a-z]+)\",\"decision\":\"([a-z]+)\".*", "$1 $2")).toList();
    }

    @Test
    void theAllowLineIsWrittenWithTheDecryptLineInOrder() throws Exception {
        AccessGate gate = gate();
        try (AccessGate.Held held = gate.holdAllows()) {
            gate.require(ALICE, "p/a", Operation.READ, null);
            assertEquals(List.of(), ops(), "held until the request's next line");
            gate.recordDecrypt(ALICE, "p/a", CID, "k1", 1);
            assertEquals(List.of("read allow", "decrypt allow"), ops());
        }
        assertEquals(List.of("read allow", "decrypt allow"), ops(), "closing wrote nothing twice");
        gate.require(ALICE, "p/b", Operation.LOOKUP, null);
        assertEquals(3, ops().size(), "outside a scope a line is written at once");
        assertTrue(AuditLog.verify(file).valid());
        log.close();
    }

    @Test
    void aHeldLineIsWrittenWhenTheScopeClosesAndBeforeARefusal() throws Exception {
        AccessGate gate = gate();
        try (AccessGate.Held held = gate.holdAllows()) {
            gate.require(ALICE, "p/plain", Operation.READ, null);
        }
        assertEquals(List.of("read allow"), ops());
        AccessDeniedException refused = assertThrows(AccessDeniedException.class, () -> {
            try (AccessGate.Held held = gate.holdAllows()) {
                gate.require(ALICE, "p/other-name", Operation.READ, null);
                gate.refuseUnknown(ALICE, "p/other-name", Operation.READ, CID, "test");
            }
        });
        assertTrue(refused.getMessage().contains("p/other-name"), refused.getMessage());
        assertEquals(List.of("read allow", "read allow", "read deny"), ops());
        gate.recordError(ALICE, "p/x", "open", CID, "after the scope");
        assertEquals("open error", ops().get(3));
        assertTrue(AuditLog.verify(file).valid());
        log.close();
    }

    @Test
    void aScopeIsOnePerRequestAndATrailThatCannotTakeTheLineFailsIt() throws Exception {
        AccessGate gate = gate();
        try (AccessGate.Held held = gate.holdAllows()) {
            assertThrows(IllegalStateException.class, gate::holdAllows);
        }
        gate.require(ALICE, "p/first", Operation.READ, null);
        boolean immutable = new ProcessBuilder("chattr", "+i", file.toString()).redirectErrorStream(true)
                .start().waitFor() == 0;
        assumeTrue(immutable, "chattr +i not supported here");
        try {
            AccessGate.Held held = gate.holdAllows();
            gate.require(ALICE, "p/held", Operation.READ, null);
            assertThrows(AuditFailedException.class, held::close);
        } finally {
            new ProcessBuilder("chattr", "-i", file.toString()).start().waitFor();
        }
        gate.require(ALICE, "p/next", Operation.READ, null);
        assertEquals(List.of("read allow", "read allow"), ops(), "the failed line is not written later");
        assertTrue(AuditLog.verify(file).valid());
        log.close();
    }
}
