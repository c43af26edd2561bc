package dev.vipfs.ipfs.car;

import dev.vipfs.ipfs.cid.Cid;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of DAG-CBOR a CAR needs: decoding whole values (for the header, for finding links in
 * dag-cbor blocks, and for the data of IPNS records) and encoding the header. Decoding works on a byte array whose
 * length bounds every declared length, so a hostile length can never allocate more than the
 * input already occupies.
 */
public final class DagCbor {
    private static final int CID_TAG = 42;
    private static final int MAX_DEPTH = 64;

    private final byte[] buf;
    private int pos;

    private DagCbor(byte[] buf) {
        this.buf = buf;
    }

    /** Decodes one complete value; trailing bytes are an error. Tag 42 becomes a {@link Cid}. */
    public static Object decode(byte[] data, String what) throws CarFormatException {
        DagCbor d = new DagCbor(data);
        Object v = d.value(0, what);
        if (d.pos != data.length) {
            throw new CarFormatException(what + " has " + (data.length - d.pos) + " trailing bytes after its CBOR value");
        }
        return v;
    }

    /** Collects the CIDs a decoded value links to, in serialized order. */
    static void links(Object value, List<Cid> out) {
        if (value instanceof Cid c) {
            out.add(c);
        } else if (value instanceof List<?> list) {
            for (Object o : list) {
                links(o, out);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Object o : map.values()) {
                links(o, out);
            }
        }
    }

    private Object value(int depth, String what) throws CarFormatException {
        if (depth > MAX_DEPTH) {
            throw new CarFormatException(what + " nests deeper than " + MAX_DEPTH + " levels");
        }
        int initial = u8(what);
        int major = initial >>> 5;
        int info = initial & 0x1f;
        if (major == 7) {
            return simple(info, what);
        }
        long arg = argument(info, what);
        switch (major) {
            case 0:
                return arg;
            case 1:
                return -1 - arg;
            case 2:
                return bytes(arg, what);
            case 3:
                return new String(bytes(arg, what), StandardCharsets.UTF_8);
            case 4: {
                // Every element takes at least one byte, so the remaining input bounds the count.
                checkCount(arg, what);
                List<Object> list = new ArrayList<>((int) arg);
                for (long i = 0; i < arg; i++) {
                    list.add(value(depth + 1, what));
                }
                return list;
            }
            case 5: {
                checkCount(arg * 2, what);
                Map<String, Object> map = new LinkedHashMap<>();
                for (long i = 0; i < arg; i++) {
                    Object key = value(depth + 1, what);
                    if (!(key instanceof String k)) {
                        throw new CarFormatException(what + " has a map key that is not a string");
                    }
                    if (map.put(k, value(depth + 1, what)) != null) {
                        throw new CarFormatException(what + " repeats the map key '" + k + "'");
                    }
                }
                return map;
            }
            case 6: {
                if (arg != CID_TAG) {
                    throw new CarFormatException(what + " uses CBOR tag " + arg + "; DAG-CBOR allows only tag 42 (CID)");
                }
                Object inner = value(depth + 1, what);
                if (!(inner instanceof byte[] b) || b.length < 2 || b[0] != 0) {
                    throw new CarFormatException(what + " has a tag-42 link that is not 0x00-prefixed CID bytes");
                }
                byte[] cidBytes = new byte[b.length - 1];
                System.arraycopy(b, 1, cidBytes, 0, cidBytes.length);
                try {
                    return Cid.decode(cidBytes);
                } catch (IllegalArgumentException e) {
                    throw new CarFormatException(what + " has an invalid CID link: " + e.getMessage(), e);
                }
            }
            default:
                throw new CarFormatException(what + " has an unknown CBOR major type " + major);
        }
    }

    private Object simple(int info, String what) throws CarFormatException {
        switch (info) {
            case 20:
                return Boolean.FALSE;
            case 21:
                return Boolean.TRUE;
            case 22:
                return null;
            case 27: {
                long bits = argument(27, what);
                return Double.longBitsToDouble(bits);
            }
            default:
                throw new CarFormatException(what + " uses CBOR simple value " + info + ", not allowed in DAG-CBOR");
        }
    }

    private long argument(int info, String what) throws CarFormatException {
        if (info < 24) {
            return info;
        }
        int n;
        switch (info) {
            case 24: n = 1; break;
            case 25: n = 2; break;
            case 26: n = 4; break;
            case 27: n = 8; break;
            default:
                throw new CarFormatException(what + " uses an indefinite or reserved CBOR length (" + info + ")");
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | u8(what);
        }
        if (v < 0) {
            throw new CarFormatException(what + " has a CBOR length beyond 2^63");
        }
        return v;
    }

    private void checkCount(long count, String what) throws CarFormatException {
        if (count < 0 || count > buf.length - pos) {
            throw new CarFormatException(what + " declares " + count + " CBOR items but only " + (buf.length - pos) + " bytes remain");
        }
    }

    private byte[] bytes(long len, String what) throws CarFormatException {
        if (len > buf.length - pos) {
            throw new CarFormatException(what + " declares a " + len + "-byte CBOR string but only " + (buf.length - pos) + " bytes remain");
        }
        byte[] out = new byte[(int) len];
        System.arraycopy(buf, pos, out, 0, out.length);
        pos += out.length;
        return out;
    }

    private int u8(String what) throws CarFormatException {
        if (pos >= buf.length) {
            throw new CarFormatException(what + " ends in the middle of a CBOR value");
        }
        return buf[pos++] & 0xff;
    }

    /** Encodes the CARv1 header {roots: [...], version: 1} with DAG-CBOR's canonical key order. */
    static byte[] encodeHeader(List<Cid> roots) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        head(out, 5, 2);
        text(out, "roots");
        head(out, 4, roots.size());
        for (Cid root : roots) {
            byte[] cid = root.toBytes();
            head(out, 6, CID_TAG);
            head(out, 2, cid.length + 1);
            out.write(0);
            out.writeBytes(cid);
        }
        text(out, "version");
        head(out, 0, 1);
        return out.toByteArray();
    }

    /** Writes a text string (major type 3). */
    public static void text(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        head(out, 3, b.length);
        out.writeBytes(b);
    }

    /** Writes a major type and its argument in the shortest form, as DAG-CBOR requires. */
    public static void head(ByteArrayOutputStream out, int major, long arg) {
        int m = major << 5;
        if (arg < 24) {
            out.write(m | (int) arg);
        } else if (arg < 0x100) {
            out.write(m | 24);
            out.write((int) arg);
        } else if (arg < 0x10000) {
            out.write(m | 25);
            out.write((int) (arg >>> 8));
            out.write((int) arg);
        } else if (arg < 0x100000000L) {
            out.write(m | 26);
            for (int s = 24; s >= 0; s -= 8) {
                out.write((int) (arg >>> s));
            }
        } else {
            out.write(m | 27);
            for (int s = 56; s >= 0; s -= 8) {
                out.write((int) (arg >>> s));
            }
        }
    }
}
