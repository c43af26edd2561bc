package dev.vipfs.ipfs.ipns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A record Kubo 0.42.0 made ({@code ipfs name publish --ttl=30s --lifetime=1h}, fetched from its
 * gateway with {@code ?format=ipns-record}): vipfs verifies what Kubo signs, at a time inside its
 * lifetime, and refuses it after (docs/ipns.md, "Test vectors").
 */
class KuboRecordVectorTest {
    static final Instant PUBLISHED = Instant.parse("2026-12-06T05:52:00Z");
    static final Instant EOL = Instant.parse("2026-12-06T06:51:56.825794175Z");

    static byte[] resource(String name) throws Exception {
        try (InputStream in = KuboRecordVectorTest.class.getResourceAsStream("/ipns/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void kubosRecordVerifiesWhileValidAndIsRefusedAfter() throws Exception {
        IpnsName name = IpnsName.parse(new String(resource("kubo-0.42.0-record.name"), StandardCharsets.US_ASCII).trim());
        byte[] bytes = resource("kubo-0.42.0-record.bin");
        IpnsRecord r = IpnsRecord.verify(name, bytes, PUBLISHED);
        assertEquals("/ipfs/bafkreicysg23kiwv34eg2d7qweipxwosdo2py4ldv42nbauguluen5v6am", r.value());
        assertEquals(Duration.ofSeconds(30), r.ttl());
        assertEquals(EOL, r.validity());
        IpnsRecordException late = assertThrows(IpnsRecordException.class,
                () -> IpnsRecord.verify(name, bytes, EOL.plusNanos(1)));
        assertTrue(late.getMessage().contains("expired"), late.getMessage());
    }
}
