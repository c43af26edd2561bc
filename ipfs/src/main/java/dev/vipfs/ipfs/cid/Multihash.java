package dev.vipfs.ipfs.cid;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** An immutable multihash: hash function code plus digest. */
public final class Multihash {
    /** Identity multihashes longer than this are refused, as Kubo does, to keep CIDs small. */
    public static final int MAX_IDENTITY_LENGTH = 128;

    /** One digest per thread: getInstance looks the algorithm up in the providers every time, per block. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    });

    private final long code;
    private final byte[] digest;
    private final byte[] bytes;
    private final int hash; // the name index looks multihashes up several times per FUSE request

    private Multihash(long code, byte[] digest) {
        this.code = code;
        this.digest = digest;
        byte[] c = Varint.encode(code);
        byte[] l = Varint.encode(digest.length);
        bytes = new byte[c.length + l.length + digest.length];
        System.arraycopy(c, 0, bytes, 0, c.length);
        System.arraycopy(l, 0, bytes, c.length, l.length);
        System.arraycopy(digest, 0, bytes, c.length + l.length, digest.length);
        hash = Arrays.hashCode(bytes);
    }

    /** The sha2-256 multihash of {@code data}. */
    public static Multihash sha256(byte[] data) {
        return new Multihash(Multicodec.SHA2_256, sha256Digest(data, 0, data.length));
    }

    /** The identity multihash embedding {@code data}. */
    public static Multihash identity(byte[] data) {
        return new Multihash(Multicodec.IDENTITY, data.clone());
    }

    /** Builds a multihash from a code and a digest, checking sha2-256 digest length. */
    public static Multihash of(long code, byte[] digest) {
        if (code == Multicodec.SHA2_256 && digest.length != 32) {
            throw new IllegalArgumentException("sha2-256 digest must be 32 bytes, got " + digest.length);
        }
        return new Multihash(code, digest.clone());
    }

    /** Decodes a whole binary multihash. */
    public static Multihash decode(byte[] binary) {
        return decode(binary, 0, binary.length);
    }

    /** Decodes a binary multihash that must span exactly {@code buf[off, off+len)}. */
    public static Multihash decode(byte[] buf, int off, int len) {
        int end = off + len;
        byte[] slice = Arrays.copyOfRange(buf, off, end);
        Varint.Decoded code = Varint.read(slice, 0);
        Varint.Decoded size = Varint.read(slice, code.length());
        int start = code.length() + size.length();
        if (size.value() != slice.length - start) {
            throw new IllegalArgumentException("multihash declares a " + size.value() + "-byte digest but has "
                    + (slice.length - start) + " bytes");
        }
        byte[] digest = Arrays.copyOfRange(slice, start, slice.length);
        if (code.value() == Multicodec.SHA2_256 && digest.length != 32) {
            throw new IllegalArgumentException("sha2-256 digest must be 32 bytes, got " + digest.length);
        }
        if (code.value() == Multicodec.IDENTITY && digest.length > MAX_IDENTITY_LENGTH) {
            throw new IllegalArgumentException("identity multihash of " + digest.length + " bytes exceeds "
                    + MAX_IDENTITY_LENGTH);
        }
        return new Multihash(code.value(), digest);
    }

    /** The hash function code. */
    public long code() {
        return code;
    }

    /** A copy of the digest. */
    public byte[] digest() {
        return digest.clone();
    }

    /** Digest length in bytes. */
    public int digestLength() {
        return digest.length;
    }

    /** A copy of the binary multihash. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    int encodedLength() {
        return bytes.length;
    }

    void copyTo(byte[] dst, int off) {
        System.arraycopy(bytes, 0, dst, off, bytes.length);
    }

    /** Whether {@code data} hashes to this multihash; false for hash functions this code does not know. */
    public boolean matches(byte[] data) {
        return matches(data, 0, data.length);
    }

    /** Whether {@code data[off, off+len)} hashes to this multihash. */
    public boolean matches(byte[] data, int off, int len) {
        if (code == Multicodec.SHA2_256) {
            return MessageDigest.isEqual(digest, sha256Digest(data, off, len));
        } else if (code == Multicodec.IDENTITY) {
            return Arrays.equals(digest, 0, digest.length, data, off, off + len);
        }
        return false;
    }

    static byte[] sha256Digest(byte[] data, int off, int len) {
        MessageDigest md = SHA256.get();
        md.reset(); // never carry over an update an exception cut short
        md.update(data, off, len);
        return md.digest();
    }


    @Override
    public boolean equals(Object o) {
        return o instanceof Multihash && Arrays.equals(bytes, ((Multihash) o).bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Multicodec.name(code) + ":" + Multibase.BASE16.encode(digest);
    }
}
