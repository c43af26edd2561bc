package dev.vipfs.policy.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
    /** The chain's anchor: the "previous hash" of the first line. */
    static final String GENESIS = sha256Hex("vipfs audit log v1 genesis");

    private static final ObjectMapper JSON = new ObjectMapper();
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

    /** The JSON object a line holds, or null when it is not one (its hash is not checked here). */
    static JsonNode record(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    static String sha256Hex(String s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
