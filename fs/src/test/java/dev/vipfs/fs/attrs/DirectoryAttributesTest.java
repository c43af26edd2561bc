package dev.vipfs.fs.attrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The test vector of docs/format.md, "Attributes objects". */
class DirectoryAttributesTest {
    static final String VECTOR = "{\"v\":1,\"entries\":{\"run.sh\":{\"mode\":488,\"mtime\":\"2019-06-07T08:09:10Z\"},"
            + "\"secret \\\"x\\\".txt\":{\"mode\":384,\"mtime\":\"2020-01-02T03:04:05.500Z\",\"atime\":\"2021-01-01T00:00:00Z\"},"
            + "\"sub\":{\"mode\":488,\"mtime\":\"2016-02-03T04:05:06Z\"}}}";

    static DirectoryAttributes sample() {
        TreeMap<String, DirectoryAttributes.Entry> e = new TreeMap<>();
        e.put("sub", new DirectoryAttributes.Entry(0750, Instant.parse("2016-02-03T04:05:06Z"), null));
        e.put("secret \"x\".txt", new DirectoryAttributes.Entry(0600, Instant.parse("2020-01-02T03:04:05.500Z"),
                Instant.parse("2021-01-01T00:00:00Z")));
        e.put("run.sh", new DirectoryAttributes.Entry(0750, Instant.parse("2019-06-07T08:09:10Z"), null));
        return new DirectoryAttributes(e);
    }

    @Test
    void encodesTheDocumentedBytes() throws Exception {
        byte[] bytes = sample().encode();
        assertEquals(VECTOR, new String(bytes, StandardCharsets.UTF_8));
        assertEquals("11f48b8d18f5e5d69abcac0a819fd54d92a6c634501455536e2dc757aa887e1c",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertEquals(sample(), DirectoryAttributes.decode(bytes));
    }

    @Test
    void refusesWhatItDidNotWrite() {
        assertThrows(IOException.class, () -> DirectoryAttributes.decode("{\"v\":2,\"entries\":{}}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> DirectoryAttributes.decode("[]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> DirectoryAttributes.decode(
                "{\"v\":1,\"entries\":{\"a\":{\"mode\":1,\"mtime\":\"yesterday\"}}}".getBytes(StandardCharsets.UTF_8)));
    }
}
