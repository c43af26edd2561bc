package dev.vipfs.ipfs.ipns;

import static dev.vipfs.ipfs.car.DagCbor.head;
import static dev.vipfs.ipfs.car.DagCbor.text;

import dev.vipfs.ipfs.dagpb.ProtoWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Makes and signs IPNS records with an Ed25519 key held by vipfs (for gateways, which only serve
 * records they are given): V2 signature over the DAG-CBOR data, V1 copies of the fields for
 * legacy readers, no pubKey (the name inlines it).
 */
public final class IpnsRecordWriter {
    private static final DateTimeFormatter RFC3339_NANOS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.nnnnnnnnn'Z'").withZone(ZoneOffset.UTC);

    private IpnsRecordWriter() { }

    /** The serialized IpnsEntry for {@code value} (e.g. {@code /ipfs/bafy…}). */
    public static byte[] sign(Ed25519PrivateKeyParameters key, String value, long sequence, Instant validity, Duration ttl) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        byte[] eol = RFC3339_NANOS.format(validity).getBytes(StandardCharsets.US_ASCII);
        long ttlNanos = ttl.toNanos();
        byte[] data = data(v, eol, sequence, ttlNanos);
        byte[] signed = new byte[IpnsRecord.SIGNATURE_PREFIX.length + data.length];
        System.arraycopy(IpnsRecord.SIGNATURE_PREFIX, 0, signed, 0, IpnsRecord.SIGNATURE_PREFIX.length);
        System.arraycopy(data, 0, signed, IpnsRecord.SIGNATURE_PREFIX.length, data.length);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(signed, 0, signed.length);
        byte[] signature = signer.generateSignature();
        return new ProtoWriter().bytesField(1, v).bytesField(4, eol).varintField(3, 0).varintField(5, sequence)
                .varintField(6, ttlNanos).bytesField(8, signature).bytesField(9, data).toByteArray();
    }

    /** DAG-CBOR map, keys in DAG-CBOR order (shorter first, then bytewise): TTL, Value, Sequence, Validity, ValidityType. */
    static byte[] data(byte[] value, byte[] validity, long sequence, long ttlNanos) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        head(out, 5, 5);
        text(out, "TTL");
        head(out, 0, ttlNanos);
        text(out, "Value");
        head(out, 2, value.length);
        out.writeBytes(value);
        text(out, "Sequence");
        head(out, 0, sequence);
        text(out, "Validity");
        head(out, 2, validity.length);
        out.writeBytes(validity);
        text(out, "ValidityType");
        head(out, 0, 0);
        return out.toByteArray();
    }
}
