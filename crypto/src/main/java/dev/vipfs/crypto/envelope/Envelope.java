package dev.vipfs.crypto.envelope;

import dev.vipfs.crypto.CryptoException;
import dev.vipfs.crypto.EnvelopeIntegrityException;
import dev.vipfs.crypto.keys.KeyResolver;
import dev.vipfs.crypto.keys.RecipientKey;
import dev.vipfs.crypto.segment.SegmentOffsets;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/** Whole-buffer encryption and decryption (header || segments) for small data and tests. */
public final class Envelope {
    private Envelope() {
    }

    /** Encrypts a buffer to the given recipients. */
    public static byte[] encrypt(byte[] plain, List<RecipientKey> recipients) {
        return encrypt(plain, recipients, new SecureRandom());
    }

    /** Encrypts with injected randomness (known-answer tests only). */
    public static byte[] encrypt(byte[] plain, List<RecipientKey> recipients, SecureRandom random) {
        if (SegmentOffsets.payloadLength(plain.length) > Integer.MAX_VALUE - 200_000) {
            throw new IllegalArgumentException("Envelope.encrypt is for small buffers; stream " + plain.length
                    + " bytes with SegmentingEncryptor instead");
        }
        EnvelopeWriter w = EnvelopeWriter.create(recipients, random);
        byte[] header = w.header();
        long payload = SegmentOffsets.payloadLength(plain.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.toIntExact(header.length + payload));
        out.writeBytes(header);
        long count = SegmentOffsets.segmentCount(plain.length);
        for (long i = 0; i < count; i++) {
            int off = (int) SegmentOffsets.plainOffset(i);
            int len = Math.min(SegmentOffsets.PLAIN_SEGMENT, plain.length - off);
            out.writeBytes(w.sealSegment(i, plain, off, len, i == count - 1));
        }
        return out.toByteArray();
    }

    /** Decrypts a whole envelope, authenticating the header and every segment. */
    public static byte[] decrypt(byte[] envelope, KeyResolver keys) throws CryptoException {
        int headerLength = EnvelopeReader.headerLength(Arrays.copyOf(envelope, Math.min(envelope.length, EnvelopeReader.HEADER_PREFIX_LENGTH)));
        if (envelope.length < headerLength) {
            throw new EnvelopeIntegrityException("envelope is truncated inside its header; the object is damaged");
        }
        EnvelopeReader r = EnvelopeReader.open(Arrays.copyOf(envelope, headerLength), keys);
        long payload = envelope.length - headerLength;
        long plainLength;
        try {
            plainLength = SegmentOffsets.plaintextLength(payload);
        } catch (IllegalArgumentException e) {
            throw new EnvelopeIntegrityException("envelope payload has an impossible length; the object is truncated or damaged", e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.toIntExact(plainLength));
        long count = SegmentOffsets.segmentCount(plainLength);
        for (long i = 0; i < count; i++) {
            int off = Math.toIntExact(headerLength + SegmentOffsets.cipherOffset(i));
            int len = SegmentOffsets.cipherSegmentLength(i, payload);
            out.writeBytes(r.openSegment(i, envelope, off, len, i == count - 1));
        }
        return out.toByteArray();
    }
}
