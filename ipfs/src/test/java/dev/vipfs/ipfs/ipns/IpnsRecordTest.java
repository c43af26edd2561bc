package dev.vipfs.ipfs.ipns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.dagpb.ProtoWriter;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

/** Records signed here with a key of our own, then forged, tampered with and let expire. */
class IpnsRecordTest {
    static final Instant NOW = Instant.parse("2026-12-06T06:00:00Z");
    static final String VALUE = "/ipfs/bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354";

    final Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
    final IpnsName name = IpnsName.of(key.generatePublicKey().getEncoded());

    byte[] record(long seq, Instant eol) {
        return IpnsRecordWriter.sign(key, VALUE, seq, eol, Duration.ofSeconds(30));
    }

    @Test
    void aRecordSignedByTheNamesKeyVerifies() throws Exception {
        IpnsRecord r = IpnsRecord.verify(name, record(7, NOW.plusSeconds(3600)), NOW);
        assertEquals(VALUE, r.value());
        assertEquals(7, r.sequence());
        assertEquals(Duration.ofSeconds(30), r.ttl());
        assertEquals(NOW.plusSeconds(3600), r.validity());
    }

    @Test
    void theNameRoundTripsAsKuboPrintsIt() throws Exception {
        assertTrue(name.toString().startsWith("k51"), name.toString());
        assertEquals(name, IpnsName.parse(name.toString()));
        IpnsRecordException cid = assertThrows(IpnsRecordException.class,
                () -> IpnsName.parse("bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354"));
        assertTrue(cid.getMessage().contains("not an IPNS key name"), cid.getMessage());
    }

    @Test
    void anExpiredRecordIsRefused() {
        IpnsRecordException e = assertThrows(IpnsRecordException.class,
                () -> IpnsRecord.verify(name, record(1, NOW.minusSeconds(1)), NOW));
        assertTrue(e.getMessage().contains("expired at"), e.getMessage());
    }

    @Test
    void aRecordOfAnotherKeyIsRefusedUnderThisName() {
        Ed25519PrivateKeyParameters other = new Ed25519PrivateKeyParameters(new SecureRandom());
        byte[] forged = IpnsRecordWriter.sign(other, VALUE, 99, NOW.plusSeconds(60), Duration.ofSeconds(1));
        IpnsRecordException e = assertThrows(IpnsRecordException.class, () -> IpnsRecord.verify(name, forged, NOW));
        assertTrue(e.getMessage().contains("did not make"), e.getMessage());
    }

    @Test
    void everyFlippedBitOfTheSignedPartIsRefused() {
        byte[] good = record(3, NOW.plusSeconds(3600));
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x01;
            int at = i;
            // A flip may break the protobuf, the signature or the V1/V2 agreement: any refusal will do,
            // but never a record that verifies with a changed value.
            try {
                IpnsRecord r = IpnsRecord.verify(name, bad, NOW);
                assertEquals(VALUE, r.value(), "byte " + at);
            } catch (IpnsRecordException expected) {
                // refused
            }
        }
    }

    @Test
    void unsignedV1FieldsThatDisagreeAreRefused() throws Exception {
        byte[] good = record(3, NOW.plusSeconds(3600));
        // Prepend a second 'value' field: protobuf keeps the last one, so rebuild with a lie in field 1.
        byte[] lie = new ProtoWriter().bytesField(1, "/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toByteArray();
        byte[] forged = Arrays.copyOf(good, good.length + lie.length);
        System.arraycopy(lie, 0, forged, good.length, lie.length);
        IpnsRecordException e = assertThrows(IpnsRecordException.class, () -> IpnsRecord.verify(name, forged, NOW));
        assertTrue(e.getMessage().contains("differ from its signed data"), e.getMessage());
    }

    @Test
    void aForeignPublicKeyFieldAndOversizedRecordsAreRefused() {
        byte[] good = record(3, NOW.plusSeconds(3600));
        Ed25519PrivateKeyParameters other = new Ed25519PrivateKeyParameters(new SecureRandom());
        byte[] pub = new ProtoWriter().bytesField(7, IpnsName.marshalKey(other.generatePublicKey().getEncoded())).toByteArray();
        byte[] withKey = Arrays.copyOf(good, good.length + pub.length);
        System.arraycopy(pub, 0, withKey, good.length, pub.length);
        IpnsRecordException e = assertThrows(IpnsRecordException.class, () -> IpnsRecord.verify(name, withKey, NOW));
        assertTrue(e.getMessage().contains("public key other than the name's"), e.getMessage());
        IpnsRecordException big = assertThrows(IpnsRecordException.class,
                () -> IpnsRecord.verify(name, new byte[IpnsRecord.MAX_BYTES + 1], NOW));
        assertTrue(big.getMessage().contains("more than the"), big.getMessage());
    }

    @Test
    void aRecordWithoutV2SignatureIsRefused() {
        byte[] v1only = new ProtoWriter().bytesField(1, VALUE.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toByteArray();
        IpnsRecordException e = assertThrows(IpnsRecordException.class, () -> IpnsRecord.verify(name, v1only, NOW));
        assertTrue(e.getMessage().contains("no V2 signature"), e.getMessage());
    }
}
