package dev.vipfs.policy.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks one audit file's whole chain: each line's own hash, consecutive sequence numbers from 1,
 * and each line's link to the previous one. Reports the first line that fails. Reads only.
 */
final class ChainVerifier {
    private ChainVerifier() { }

    static AuditVerification verify(Path file) {
        long n = 0;
        String prev = ChainedLine.GENESIS;
        boolean endsWithNewline;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            if (len == 0) {
                return new AuditVerification(true, 0, 0, null, prev);
            }
            raf.seek(len - 1);
            endsWithNewline = raf.read() == '\n';
        } catch (IOException e) {
            return new AuditVerification(false, 0, 1, "cannot read " + file + ": " + AuditException.describe(e), null);
        }
        try (InputStream in = Files.newInputStream(file);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            String pending = r.readLine();
            while ((line = pending) != null) {
                pending = r.readLine();
                n++;
                if (pending == null && !endsWithNewline) {
                    return bad(n, "line is incomplete (a write was interrupted)");
                }
                String hash = ChainedLine.checkedHash(line);
                if (hash == null) {
                    return bad(n, ChainedLine.statedHash(line) == null ? "line is not a sealed audit record"
                            : "line content does not match its hash (edited)");
                }
                JsonNode node = ChainedLine.record(line);
                if (node == null || !node.path("seq").canConvertToLong()) {
                    return bad(n, "line is not a valid audit record");
                }
                long s = node.get("seq").asLong();
                if (s != n) {
                    return bad(n, "sequence number " + s + " where " + n + " was expected (a line was removed, inserted"
                            + " or reordered)");
                }
                if (!prev.equals(node.path("prev").asText())) {
                    return bad(n, "does not chain to the previous line (a line was removed, inserted or reordered)");
                }
                prev = hash;
            }
        } catch (IOException e) {
            return new AuditVerification(false, n, n + 1, "cannot read " + file + ": " + AuditException.describe(e), null);
        }
        return new AuditVerification(true, n, 0, null, prev);
    }

    private static AuditVerification bad(long line, String problem) {
        return new AuditVerification(false, line - 1, line, problem, null);
    }
}
