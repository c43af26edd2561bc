package dev.vipfs.policy.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The first line of an audit file started by a reopen (logrotate, SIGHUP): a chain of its own (seq 1,
 * prev = genesis, so each file verifies alone) whose line names the head hash and last sequence
 * number of the file written before it. Checking that link ties rotated files into one history.
 */
public final class ChainLink {
    public static final String OPERATION = "audit_log_continued";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChainLink() { }

    static String json(long seq, String prev, long previousSeq, String previousHead) throws AuditException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", seq);
        m.put("time", Instant.now().toString());
        m.put("op", OPERATION);
        m.put("previous_seq", previousSeq);
        m.put("previous_head", previousHead);
        m.put("prev", prev);
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new AuditException("cannot encode the audit link line: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Checks that {@code newer} continues the file whose verification is {@code older}: its first line
     * is a link naming that file's head and line count. Returns null when it does, else the problem.
     */
    public static String check(AuditVerification older, Path newer) {
        String first;
        try (BufferedReader r = Files.newBufferedReader(newer, StandardCharsets.UTF_8)) {
            first = r.readLine();
        } catch (IOException e) {
            return "cannot read " + newer + ": " + e.getMessage();
        }
        if (first == null) {
            return newer + " is empty";
        }
        JsonNode n;
        try {
            n = JSON.readTree(first);
        } catch (IOException e) {
            return newer + " does not start with an audit record";
        }
        if (n == null || !OPERATION.equals(n.path("op").asText())) {
            return newer + " does not start with a link line (op " + OPERATION + "); it starts its own history";
        }
        if (!n.path("previous_head").asText().equals(older.lastHash()) || n.path("previous_seq").asLong() != older.lines()) {
            return newer + " continues a log whose head is " + n.path("previous_head").asText() + " after "
                    + n.path("previous_seq").asLong() + " lines, not the previous file (head " + older.lastHash()
                    + " after " + older.lines() + " lines): a file is missing, reordered or was cut short";
        }
        return null;
    }
}
