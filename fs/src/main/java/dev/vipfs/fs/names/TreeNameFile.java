package dev.vipfs.fs.names;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multihash;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The names found under one walked root, as bytes a later mount starts from instead of walking the
 * tree again (docs/names-file.md). A tree is immutable, so its names are a function of its root CID
 * and of what {@link TreeNamer} names: {@link #MAGIC} carries the version of both, and changes
 * whenever TreeNamer starts naming something else.
 */
final class TreeNameFile {
    static final byte[] MAGIC = "VIPFSTN1".getBytes(StandardCharsets.US_ASCII);
    private static final int NO_PARENT = -1;
    private static final int CHECKSUM_BYTES = 4;

    /** The bytes are not a names file for the root asked for (truncated, corrupt, another root or version). */
    static final class CorruptException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptException(String m) {
            super(m);
        }
    }

    private TreeNameFile() { }

    /** The file for {@code root}'s names: every name in {@code names} must lie under the top-level name of {@code root}. */
    static byte[] encode(Cid root, Map<Multihash, NameNode[]> names) {
        // Deterministic bytes: nodes by path (a parent's path is a prefix of, so sorts before, its
        // children's), entries by node and then by multihash.
        Map<NameNode, Integer> index = new IdentityHashMap<>();
        List<NameNode> nodes = new ArrayList<>();
        for (NameNode[] ns : names.values()) {
            for (NameNode n : ns) {
                for (NameNode x = n; x != null && !index.containsKey(x); x = x.parent()) {
                    index.put(x, -1);
                    nodes.add(x);
                }
            }
        }
        nodes.sort(Comparator.comparing(NameNode::path));
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i), i);
        }
        List<long[]> entries = new ArrayList<>();
        List<byte[]> hashes = new ArrayList<>();
        for (Map.Entry<Multihash, NameNode[]> e : names.entrySet()) {
            byte[] mh = e.getKey().toBytes();
            for (NameNode n : e.getValue()) {
                entries.add(new long[] {index.get(n), hashes.size()});
                hashes.add(mh);
            }
        }
        entries.sort(Comparator.<long[]>comparingLong(x -> x[0])
                .thenComparing((x, y) -> Arrays.compareUnsigned(hashes.get((int) x[1]), hashes.get((int) y[1]))));
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            byte[] rootBytes = root.toV1().toBytes();
            out.writeShort(rootBytes.length);
            out.write(rootBytes);
            out.writeInt(nodes.size());
            for (NameNode n : nodes) {
                if (n.parent() == null && !n.link().equals(CidSpelling.canonical(root))) {
                    throw new IllegalArgumentException(n.path() + " does not lie under " + CidSpelling.canonical(root));
                }
                out.writeInt(n.parent() == null ? NO_PARENT : index.get(n.parent()));
                byte[] link = n.parent() == null ? new byte[0] : n.link().getBytes(StandardCharsets.UTF_8);
                out.writeInt(link.length);
                out.write(link);
            }
            out.writeInt(entries.size());
            for (long[] e : entries) {
                byte[] mh = hashes.get((int) e[1]);
                out.writeInt((int) e[0]);
                out.writeShort(mh.length);
                out.write(mh);
            }
            out.writeInt(crc32c(bytes.toByteArray(), bytes.size()));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
    }

    /** The names {@code bytes} hold for {@code root}, each under {@code root}'s top-level name. */
    static Map<Multihash, NameNode[]> decode(Cid root, byte[] bytes) throws CorruptException {
        if (bytes.length < MAGIC.length + CHECKSUM_BYTES
                || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CorruptException("not a version-1 names file");
        }
        int body = bytes.length - CHECKSUM_BYTES;
        if (crc32c(bytes, body) != ByteBuffer.wrap(bytes, body, CHECKSUM_BYTES).getInt()) {
            throw new CorruptException("checksum mismatch (truncated or damaged)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, body).position(MAGIC.length);
        try {
            if (!Cid.decode(take(in, in.getShort() & 0xFFFF)).toV1().equals(root.toV1())) {
                throw new CorruptException("the file names another root");
            }
            NameNode[] nodes = new NameNode[count(in, 8)];
            for (int i = 0; i < nodes.length; i++) {
                int parent = in.getInt();
                String link = new String(take(in, count(in, 1)), StandardCharsets.UTF_8);
                if (i == 0 ? parent != NO_PARENT || !link.isEmpty()
                        : parent < 0 || parent >= i || link.isEmpty() || link.indexOf('/') >= 0 || link.indexOf(0) >= 0) {
                    throw new CorruptException("node " + i + " is malformed");
                }
                nodes[i] = i == 0 ? NameNode.top(CidSpelling.canonical(root)) : nodes[parent].child(link);
            }
            Map<Multihash, NameNode[]> out = new HashMap<>();
            for (int i = count(in, 6); i > 0; i--) {
                int node = in.getInt();
                if (node < 0 || node >= nodes.length) {
                    throw new CorruptException("an entry names node " + node + " of " + nodes.length);
                }
                Multihash mh = Multihash.decode(take(in, in.getShort() & 0xFFFF));
                NameNode[] old = out.get(mh);
                NameNode[] grown = old == null ? new NameNode[1] : Arrays.copyOf(old, old.length + 1);
                grown[grown.length - 1] = nodes[node];
                out.put(mh, grown);
            }
            if (in.hasRemaining()) {
                throw new CorruptException(in.remaining() + " bytes after the last entry");
            }
            if (!out.containsKey(root.multihash())) {
                throw new CorruptException("the root itself is not named");
            }
            return out;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new CorruptException("malformed: " + e.getMessage());
        }
    }

    /** A count of records of at least {@code minBytes} each, bounded by the bytes left. */
    private static int count(ByteBuffer in, int minBytes) throws CorruptException {
        int n = in.getInt();
        if (n < 0 || (long) n * minBytes > in.remaining()) {
            throw new CorruptException("a count of " + n + " exceeds the file");
        }
        return n;
    }

    private static byte[] take(ByteBuffer in, int n) {
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    /** Catches a file cut short or damaged on disk; not an authenticator (docs/security.md, "Names files"). */
    private static int crc32c(byte[] b, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, 0, len);
        return (int) crc.getValue();
    }
}
