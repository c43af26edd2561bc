package dev.vipfs.ipfs.car;

import dev.vipfs.ipfs.block.BlockStream;
import dev.vipfs.ipfs.block.BlockVerifier;
import dev.vipfs.ipfs.block.IntegrityException;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Varint;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Streams a CAR (v1, or the v1 payload inside a v2 file): the header's roots first, then one
 * verified block per {@link #next()}. Every block is checked against its CID, and every length
 * read from the stream is bounded, so garbage or a hostile length fails with a
 * {@link CarFormatException} instead of exhausting memory. One reader serves one consumer thread.
 * A v2 file's payload is found by {@link CarV2Payload}.
 */
public final class CarReader implements BlockStream {
    /** Largest section (CID + block) accepted by default; Kubo blocks are at most 2 MiB. */
    public static final int DEFAULT_MAX_SECTION_SIZE = 8 << 20;
    /** Largest header accepted; a header holds only the roots. */
    public static final int MAX_HEADER_SIZE = 1 << 20;

    /** Sections up to a default chunk (plus CID and tag) are allocated at their declared size at once. */
    private static final int EXACT_READ_LIMIT = 1 << 20;
    private final InputStream in;
    private final int maxSectionSize;
    private final List<Cid> roots;
    private final int version;
    private long blockIndex;

    /** Opens a CAR stream with the default section limit, reading its header now. */
    public CarReader(InputStream in) throws IOException {
        this(in, DEFAULT_MAX_SECTION_SIZE);
    }

    /** Opens a CAR stream, rejecting any section longer than {@code maxSectionSize} bytes. */
    public CarReader(InputStream in, int maxSectionSize) throws IOException {
        if (maxSectionSize < 64) {
            throw new IllegalArgumentException("maxSectionSize must be at least 64 bytes, got " + maxSectionSize);
        }
        this.maxSectionSize = maxSectionSize;
        Map<String, Object> header = readHeader(in);
        long v = version(header);
        if (v == 2) {
            this.version = 2;
            this.in = CarV2Payload.open(in);
            Map<String, Object> inner = readHeader(this.in);
            if (version(inner) != 1) {
                throw new CarFormatException("CARv2 payload must be a CARv1, but its header says version " + version(inner));
            }
            this.roots = roots(inner);
        } else if (v == 1) {
            this.version = 1;
            this.in = in;
            this.roots = roots(header);
        } else {
            throw new CarFormatException("unsupported CAR version " + v + " (only 1 and 2 are supported)");
        }
    }

    /** The CAR version of the file (2 if the v1 payload was found inside a v2 wrapper). */
    public int version() {
        return version;
    }

    /** The roots named by the header, in header order. */
    public List<Cid> roots() {
        return roots;
    }

    /**
     * Reads the next block, verified against its CID, or returns {@code null} at the end.
     *
     * @throws IntegrityException if the block's bytes don't hash to its CID
     * @throws CarFormatException if the stream is truncated or malformed
     */
    public CarBlock next() throws IOException {
        long len = varint(in, "block section " + blockIndex + " length");
        if (len < 0) {
            return null;
        }
        String where = "block section " + blockIndex;
        if (len == 0) {
            throw new CarFormatException(where + " has length 0 (not a valid CAR section)");
        }
        if (len > maxSectionSize) {
            throw new CarFormatException(where + " declares " + len + " bytes, over the limit of " + maxSectionSize);
        }
        byte[] section;
        if (len <= EXACT_READ_LIMIT) {
            // Block-sized sections are read into one exact array: readNBytes(int) would gather 8 KiB
            // pieces and copy them again, which doubles the garbage of a streamed read.
            section = new byte[(int) len];
            int got = in.readNBytes(section, 0, section.length);
            if (got != len) {
                section = java.util.Arrays.copyOf(section, got);
            }
        } else {
            // readNBytes grows its buffer as data arrives, so a truncated stream never costs the declared size.
            section = in.readNBytes((int) len);
        }
        if (section.length != len) {
            throw new CarFormatException("CAR truncated: " + where + " declares " + len + " bytes but only " + section.length + " follow");
        }
        int cidLength = cidLength(section, where);
        byte[] cidBytes = new byte[cidLength];
        System.arraycopy(section, 0, cidBytes, 0, cidLength);
        Cid cid;
        try {
            cid = Cid.decode(cidBytes);
        } catch (IllegalArgumentException e) {
            throw new CarFormatException(where + " starts with an invalid CID: " + e.getMessage(), e);
        }
        long hash = cid.multihash().code();
        if (!BlockVerifier.canVerify(hash)) {
            throw new CarFormatException(where + " (" + cid + ") uses multihash 0x" + Long.toHexString(hash)
                    + ", which can't be verified here (only sha2-256 and identity)");
        }
        BlockVerifier.verify(cid, section, cidLength, section.length - cidLength, "CAR " + where);
        byte[] data = new byte[section.length - cidLength];
        System.arraycopy(section, cidLength, data, 0, data.length);
        blockIndex++;
        return new CarBlock(cid, data);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The byte length of the CID at the start of a section, from its own varints. */
    private static int cidLength(byte[] s, String where) throws CarFormatException {
        if (s.length >= 2 && s[0] == 0x12 && s[1] == 0x20) {
            if (s.length < 34) {
                throw new CarFormatException(where + " is too short for the CIDv0 it starts with");
            }
            return 34;
        }
        int[] pos = {0};
        long cidVersion = varint(s, pos, where + " CID");
        if (cidVersion != 1) {
            throw new CarFormatException(where + " starts with CID version " + cidVersion + " (expected a CIDv0 or CIDv1)");
        }
        varint(s, pos, where + " CID codec");
        varint(s, pos, where + " CID hash code");
        long digestLength = varint(s, pos, where + " CID digest length");
        if (digestLength > s.length - pos[0]) {
            throw new CarFormatException(where + " has a CID digest length (" + digestLength + ") beyond the section");
        }
        return pos[0] + (int) digestLength;
    }

    private static long varint(InputStream in, String what) throws IOException {
        try {
            return Varint.read(in);
        } catch (EOFException e) {
            throw new CarFormatException("CAR truncated inside the varint of " + what);
        } catch (IllegalArgumentException e) {
            throw new CarFormatException(what + ": " + e.getMessage());
        }
    }

    /** Decodes the varint at pos[0] of a section, advancing pos[0]. */
    private static long varint(byte[] section, int[] pos, String what) throws CarFormatException {
        try {
            Varint.Decoded d = Varint.read(section, pos[0]);
            pos[0] += d.length();
            return d.value();
        } catch (IllegalArgumentException e) {
            throw new CarFormatException(what + ": " + e.getMessage());
        }
    }

    private static Map<String, Object> readHeader(InputStream in) throws IOException {
        long len = varint(in, "CAR header length");
        if (len < 0) {
            throw new CarFormatException("not a CAR: the stream is empty");
        }
        if (len == 0 || len > MAX_HEADER_SIZE) {
            throw new CarFormatException("not a CAR: header length " + len + " is outside 1.." + MAX_HEADER_SIZE);
        }
        byte[] bytes = in.readNBytes((int) len);
        if (bytes.length != len) {
            throw new CarFormatException("CAR truncated inside its header (" + bytes.length + " of " + len + " bytes)");
        }
        Object header = DagCbor.decode(bytes, "CAR header");
        if (!(header instanceof Map<?, ?>)) {
            throw new CarFormatException("not a CAR: the header is not a CBOR map");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) header;
        return map;
    }

    private static long version(Map<String, Object> header) throws CarFormatException {
        if (!(header.get("version") instanceof Long v)) {
            throw new CarFormatException("not a CAR: the header has no integer 'version'");
        }
        return v;
    }

    private static List<Cid> roots(Map<String, Object> header) throws CarFormatException {
        if (!(header.get("roots") instanceof List<?> list)) {
            throw new CarFormatException("CARv1 header has no 'roots' list");
        }
        List<Cid> out = new ArrayList<>(list.size());
        for (Object o : list) {
            if (!(o instanceof Cid c)) {
                throw new CarFormatException("CARv1 header 'roots' contains something that is not a CID");
            }
            out.add(c);
        }
        return Collections.unmodifiableList(out);
    }
}
