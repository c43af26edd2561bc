package dev.vipfs.policy.audit;

/**
 * The result of checking an audit log's hash chain.
 *
 * @param valid        whether every line is intact and in order
 * @param lines        number of complete lines read
 * @param firstBadLine 1-based number of the first line that fails, 0 when valid
 * @param problem      what is wrong with that line, null when valid
 * @param lastHash     hash of the last intact line (the chain head), for anchoring elsewhere; detects truncation
 */
public record AuditVerification(boolean valid, long lines, long firstBadLine, String problem, String lastHash) {
    @Override
    public String toString() {
        return valid ? "audit log intact: " + lines + " lines, head " + lastHash
                : "audit log damaged at line " + firstBadLine + ": " + problem;
    }
}
