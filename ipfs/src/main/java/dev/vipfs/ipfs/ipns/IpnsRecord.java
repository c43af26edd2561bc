package dev.vipfs.ipfs.ipns;

import dev.vipfs.ipfs.car.CarFormatException;
import dev.vipfs.ipfs.car.DagCbor;
import dev.vipfs.ipfs.dagpb.DagPbFormatException;
import dev.vipfs.ipfs.dagpb.ProtoReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A verified IPNS record (specs.ipfs.tech/ipns/ipns-record, "Record Verification"): the only way to
 * get one is {@link #verify}, which refuses a record that is too large, unsigned, signed by a key
 * other than the name's, inconsistent between its V1 fields and its signed data, or expired.
 */
public record IpnsRecord(String value, Instant validity, long sequence, Duration ttl) {
    /** The size every implementation must accept; larger records are refused. */
    public static final int MAX_BYTES = 10 * 1024;
    static final byte[] SIGNATURE_PREFIX = "ipns-signature:".getBytes(StandardCharsets.US_ASCII);

    /** The protobuf fields of an IpnsEntry, before verification. */
    private static final class Entry {
        byte[] value;
        byte[] validity;
        Long validityType;
        Long sequence;
        Long ttl;
        byte[] pubKey;
        byte[] signatureV2;
        byte[] data;
    }

    /** Verifies {@code bytes} as a record for {@code name} at time {@code now}. */
    public static IpnsRecord verify(IpnsName name, byte[] bytes, Instant now) throws IpnsRecordException {
        String who = "the IPNS record of " + name;
        if (bytes.length > MAX_BYTES) {
            throw new IpnsRecordException(who + " has " + bytes.length + " bytes, more than the " + MAX_BYTES + " allowed");
        }
        Entry e = parse(bytes, who);
        if (e.signatureV2 == null || e.signatureV2.length == 0 || e.data == null || e.data.length == 0) {
            throw new IpnsRecordException(who + " has no V2 signature or no signed data (refused: V1-only records are not verified)");
        }
        if (e.pubKey != null && !Arrays.equals(IpnsName.unmarshalKey(e.pubKey, who), name.publicKey())) {
            throw new IpnsRecordException(who + " carries a public key other than the name's own (forged)");
        }
        byte[] signed = new byte[SIGNATURE_PREFIX.length + e.data.length];
        System.arraycopy(SIGNATURE_PREFIX, 0, signed, 0, SIGNATURE_PREFIX.length);
        System.arraycopy(e.data, 0, signed, SIGNATURE_PREFIX.length, e.data.length);
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(name.publicKey(), 0));
        verifier.update(signed, 0, signed.length);
        if (!verifier.verifySignature(e.signatureV2)) {
            throw new IpnsRecordException(who + " has a signature that the name's key did not make (forged or corrupted)");
        }
        Map<?, ?> data = dataMap(e.data, who);
        byte[] value = field(data, "Value", byte[].class, who);
        byte[] validity = field(data, "Validity", byte[].class, who);
        long validityType = field(data, "ValidityType", Long.class, who);
        long sequence = field(data, "Sequence", Long.class, who);
        long ttl = field(data, "TTL", Long.class, who);
        if (e.value != null && (!Arrays.equals(e.value, value) || !Arrays.equals(e.validity, validity)
                || !eq(e.validityType, validityType) || !eq(e.sequence, sequence) || !eq(e.ttl, ttl))) {
            throw new IpnsRecordException(who + " has unsigned V1 fields that differ from its signed data (forged)");
        }
        if (validityType != 0) {
            throw new IpnsRecordException(who + " has validity type " + validityType + "; only 0 (EOL) exists");
        }
        Instant eol = rfc3339(new String(validity, StandardCharsets.US_ASCII), who);
        if (!eol.isAfter(now)) {
            throw new IpnsRecordException(who + " expired at " + eol + " (the publisher must republish it)");
        }
        return new IpnsRecord(new String(value, StandardCharsets.UTF_8), eol, sequence, Duration.ofNanos(ttl));
    }

    private static boolean eq(Long v1, long v2) {
        return v1 == null || v1 == v2;
    }

    private static Entry parse(byte[] bytes, String who) throws IpnsRecordException {
        Entry e = new Entry();
        try {
            ProtoReader r = new ProtoReader(bytes, 0, bytes.length);
            while (r.hasMore()) {
                int[] k = r.key();
                int wire = k[1];
                switch (k[0]) {
                    case 1 -> e.value = lenField(r, wire, who);
                    case 3 -> e.validityType = varintField(r, wire, who);
                    case 4 -> e.validity = lenField(r, wire, who);
                    case 5 -> e.sequence = varintField(r, wire, who);
                    case 6 -> e.ttl = varintField(r, wire, who);
                    case 7 -> e.pubKey = lenField(r, wire, who);
                    case 8 -> e.signatureV2 = lenField(r, wire, who);
                    case 9 -> e.data = lenField(r, wire, who);
                    default -> r.skip(wire);
                }
            }
        } catch (DagPbFormatException ex) {
            throw new IpnsRecordException(who + " is not a valid IpnsEntry protobuf: " + ex.getMessage());
        }
        return e;
    }

    private static byte[] lenField(ProtoReader r, int wire, String who) throws DagPbFormatException, IpnsRecordException {
        if (wire != ProtoReader.LEN) {
            throw new IpnsRecordException(who + " has a bytes field with wire type " + wire);
        }
        return r.bytes();
    }

    private static Long varintField(ProtoReader r, int wire, String who) throws DagPbFormatException, IpnsRecordException {
        if (wire != ProtoReader.VARINT) {
            throw new IpnsRecordException(who + " has an integer field with wire type " + wire);
        }
        return r.varint();
    }

    private static Map<?, ?> dataMap(byte[] data, String who) throws IpnsRecordException {
        Object decoded;
        try {
            decoded = DagCbor.decode(data, who + "'s data");
        } catch (CarFormatException ex) {
            throw new IpnsRecordException(ex.getMessage());
        }
        if (!(decoded instanceof Map<?, ?> m)) {
            throw new IpnsRecordException(who + "'s signed data is not a DAG-CBOR map");
        }
        return m;
    }

    private static <T> T field(Map<?, ?> data, String key, Class<T> type, String who) throws IpnsRecordException {
        Object v = data.get(key);
        if (!type.isInstance(v)) {
            throw new IpnsRecordException(who + "'s signed data lacks " + key + " (or it has the wrong type)");
        }
        return type.cast(v);
    }

    private static Instant rfc3339(String text, String who) throws IpnsRecordException {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException ex) {
            throw new IpnsRecordException(who + " has a validity '" + text + "' that is not an RFC 3339 time");
        }
    }
}
