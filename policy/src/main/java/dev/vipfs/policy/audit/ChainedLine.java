package dev.vipfs.policy.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hash-chain framing of one audit line: {@code {...,"prev":"<hash of previous line>","hash":"<sha256>"}}
 * where the hash covers every byte of the line before {@code ,"hash":}.
 */
final class ChainedLine {
    /** Never updated: only cloned. */
    private static final MessageDigest SHA256 = sha256();
    /** The chain's anchor: the "previous hash" of the first line. */
    static final String GENESIS = sha256Hex("vipfs audit log v1 genesis");

    private static final Pattern TAIL = Pattern.compile(",\"hash\":\"([0-9a-f]{64})\"}$");

    private ChainedLine() { }

    /** Seals a JSON object that already ends with the prev field: returns the full line without newline. */
    static String seal(String jsonWithoutHash) {
        String body = jsonWithoutHash.substring(0, jsonWithoutHash.length() - 1); // drop '}'
        return body + ",\"hash\":\"" + sha256Hex(body) + "\"}";
    }

    /** The stated hash of a sealed line if its content matches it, otherwise null. */
    static String checkedHash(String line) {
        Matcher m = TAIL.matcher(line);
        if (!m.find()) {
            return null;
        }
        String body = line.substring(0, m.start());
        String stated = m.group(1);
        return sha256Hex(body).equals(stated) ? stated : null;
    }

    /** The stated hash of a line without checking it, or null if the line has none. */
    static String statedHash(String line) {
        Matcher m = TAIL.matcher(line);
        return m.find() ? m.group(1) : null;
    }

    /** The hash {@link #seal} just wrote at the end of {@code sealed}, without parsing the line again. */
    static String hashOfSealed(String sealed) {
        return sealed.substring(sealed.length() - 66, sealed.length() - 2);
    }

    static String sha256Hex(String s) {
        MessageDigest md;
        try {
            // A clone of an unused digest skips the provider lookup getInstance makes every time.
            md = (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            md = sha256();
        }
        return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
