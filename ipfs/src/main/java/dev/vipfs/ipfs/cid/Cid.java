package dev.vipfs.ipfs.cid;

import java.util.Arrays;

/** An immutable content identifier (CIDv0 or CIDv1); equality is on the binary form. */
public final class Cid implements Comparable<Cid> {
    private final int version;
    private final long codec;
    private final Multihash multihash;
    private final byte[] bytes;
    private final int hash;
    // The text form, computed on first use: base58btc is quadratic in the length, and the mount
    // spells the same few CIDs in an audit line or a path on every request. Racing threads compute
    // equal Strings, so the field needs no lock.
    private String text;
    private Cid v1;

    private Cid(int version, long codec, Multihash multihash) {
        this.version = version;
        this.codec = codec;
        this.multihash = multihash;
        if (version == 0) {
            bytes = multihash.toBytes();
        } else {
            byte[] v = Varint.encode(version);
            byte[] c = Varint.encode(codec);
            bytes = new byte[v.length + c.length + multihash.encodedLength()];
            System.arraycopy(v, 0, bytes, 0, v.length);
            System.arraycopy(c, 0, bytes, v.length, c.length);
            multihash.copyTo(bytes, v.length + c.length);
        }
        hash = Arrays.hashCode(bytes);
    }

    /** A CIDv0: dag-pb with a sha2-256 multihash. */
    public static Cid v0(Multihash mh) {
        if (mh.code() != Multicodec.SHA2_256 || mh.digestLength() != 32) {
            throw new IllegalArgumentException("CIDv0 requires a sha2-256 multihash, got " + mh);
        }
        return new Cid(0, Multicodec.DAG_PB, mh);
    }

    /** A CIDv1 with the given content codec. */
    public static Cid v1(long codec, Multihash mh) {
        return new Cid(1, codec, mh);
    }

    /** Parses CID text: CIDv0 (Qm… base58btc) or multibase CIDv1 (base32, base58btc, base36, base16). */
    public static Cid parse(String s) {
        if (s == null) {
            throw new CidFormatException("null", "no input");
        }
        String t = s.trim();
        if (t.isEmpty()) {
            throw new CidFormatException(s, "empty string");
        }
        if (t.length() == 46 && t.startsWith("Qm")) {
            byte[] raw;
            try {
                raw = Multibase.BASE58BTC.decode(t);
            } catch (IllegalArgumentException e) {
                throw new CidFormatException(s, "CIDv0 is not base58btc: " + e.getMessage());
            }
            return decodeOrThrow(s, raw);
        }
        Multibase base = Multibase.forPrefix(t.charAt(0));
        if (base == null) {
            throw new CidFormatException(s, "unsupported multibase prefix '" + t.charAt(0)
                    + "' (expected Qm… or b, B, z, k, f)");
        }
        byte[] raw;
        try {
            raw = base.decode(t.substring(1));
        } catch (IllegalArgumentException e) {
            throw new CidFormatException(s, e.getMessage());
        }
        if (raw.length > 0 && raw[0] == 0x12) {
            throw new CidFormatException(s, "a CIDv0 must be written in base58btc without a multibase prefix");
        }
        return decodeOrThrow(s, raw);
    }

    private static Cid decodeOrThrow(String text, byte[] raw) {
        try {
            return decodeStrict(raw);
        } catch (IllegalArgumentException e) {
            throw new CidFormatException(text, e.getMessage());
        }
    }

    /** Decodes a binary CID that spans the whole array. */
    public static Cid decode(byte[] binary) {
        try {
            return decodeStrict(binary);
        } catch (CidFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new CidFormatException(Multibase.BASE16.encodeWithPrefix(binary), e.getMessage());
        }
    }

    /** Length of the binary CID starting at {@code off} (CIDs are self-delimiting), for parsing streams. */
    public static int encodedLength(byte[] buf, int off) {
        if (buf.length - off >= 2 && buf[off] == 0x12 && buf[off + 1] == 0x20) {
            return 34;
        }
        Varint.Decoded v = Varint.read(buf, off);
        Varint.Decoded c = Varint.read(buf, off + v.length());
        int p = off + v.length() + c.length();
        Varint.Decoded code = Varint.read(buf, p);
        Varint.Decoded len = Varint.read(buf, p + code.length());
        long total = (long) v.length() + c.length() + code.length() + len.length() + len.value();
        if (total > buf.length - off) {
            throw new IllegalArgumentException("truncated CID");
        }
        return (int) total;
    }

    private static Cid decodeStrict(byte[] b) {
        if (b.length == 0) {
            throw new IllegalArgumentException("empty binary CID");
        }
        if (b.length == 34 && b[0] == 0x12 && b[1] == 0x20) {
            return new Cid(0, Multicodec.DAG_PB, Multihash.decode(b));
        }
        Varint.Decoded v = Varint.read(b, 0);
        if (v.value() == 0x12) {
            throw new IllegalArgumentException("CIDv0 must be a 34-byte sha2-256 multihash");
        }
        if (v.value() != 1) {
            throw new IllegalArgumentException("unsupported CID version " + v.value());
        }
        Varint.Decoded c = Varint.read(b, v.length());
        int off = v.length() + c.length();
        return new Cid(1, c.value(), Multihash.decode(b, off, b.length - off));
    }

    /** 0 or 1. */
    public int version() {
        return version;
    }

    /** Content codec (dag-pb for CIDv0). */
    public long codec() {
        return codec;
    }

    /** The multihash. */
    public Multihash multihash() {
        return multihash;
    }

    /** A copy of the binary CID. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Length of the binary CID. */
    public int byteLength() {
        return bytes.length;
    }

    /** Whether the multihash is identity (data inline in the CID). */
    public boolean isIdentity() {
        return multihash.code() == Multicodec.IDENTITY;
    }

    /** The same content as a CIDv1. */
    public Cid toV1() {
        if (version == 1) {
            return this;
        }
        Cid c = v1;
        if (c == null) {
            c = new Cid(1, codec, multihash);
            v1 = c;
        }
        return c;
    }

    /** CIDv0 as base58btc, CIDv1 as lower-case base32 ("b…"), as Kubo prints them. */
    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            t = version == 0 ? Multibase.BASE58BTC.encode(bytes) : Multibase.BASE32.encodeWithPrefix(bytes);
            text = t;
        }
        return t;
    }

    /** The CID in the given multibase; CIDv0 can only be written in base58btc. */
    public String toString(Multibase base) {
        if (version == 0) {
            if (base != Multibase.BASE58BTC) {
                throw new IllegalArgumentException("CIDv0 can only be written in base58btc; use toV1() first");
            }
            return toString();
        }
        return base.encodeWithPrefix(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cid && hash == ((Cid) o).hash && Arrays.equals(bytes, ((Cid) o).bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Orders by binary form, unsigned. */
    @Override
    public int compareTo(Cid o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }
}
