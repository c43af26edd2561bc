package dev.vipfs.ipfs.dagpb;

import dev.vipfs.ipfs.cid.Cid;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Strict dag-pb codec per the IPLD dag-pb spec: links (field 2) precede data (field 1), link
 * fields appear in order Hash, Name, Tsize at most once each, no unknown fields, names are UTF-8.
 * Encoding writes links in the given order and then data, byte-identical to boxo.
 */
public final class DagPbCodec {
    private DagPbCodec() {
    }

    /** Encodes a node; absent name/tsize/data are omitted, as in go-codec-dagpb. */
    public static byte[] encode(PbNode node) {
        // Exact for leaves (Data only), so the leaf's bytes are not copied once more at the end.
        int dataField = node.data() == null ? 0 : 1 + ProtoWriter.varintSize(node.data().length) + node.data().length;
        ProtoWriter w = new ProtoWriter(dataField + 64 * node.links().size());
        for (PbLink link : node.links()) {
            w.bytesField(2, encodeLink(link));
        }
        if (node.data() != null) {
            w.bytesField(1, node.data());
        }
        return w.toByteArray();
    }

    private static byte[] encodeLink(PbLink link) {
        ProtoWriter lw = new ProtoWriter();
        lw.bytesField(1, link.hash().toBytes());
        if (link.name() != null) {
            lw.bytesField(2, link.name().getBytes(StandardCharsets.UTF_8));
        }
        if (link.tsize() != null) {
            lw.varintField(3, link.tsize());
        }
        return lw.toByteArray();
    }

    /** Serialized size of one link entry inside a node (key, length prefix and body). */
    public static int linkSerializedSize(PbLink link) {
        int body = encodeLink(link).length;
        return 1 + ProtoWriter.varintSize(body) + body;
    }

    /** Decodes a block strictly. */
    public static PbNode decode(byte[] block) throws DagPbFormatException {
        int[] data = new int[2];
        PbNode n = decodeInPlace(block, data);
        return data[0] < 0 ? n : new PbNode(n.links(), Arrays.copyOfRange(block, data[0], data[0] + data[1]));
    }

    /**
     * Decodes a block as strictly as {@link #decode(byte[])} but leaves its Data where it is: the node
     * has no data, and {@code dataRange} receives its offset and length in {@code block} (offset -1
     * when absent), so a file leaf's content is not copied only to be read.
     */
    public static PbNode decodeInPlace(byte[] block, int[] dataRange) throws DagPbFormatException {
        ProtoReader r = new ProtoReader(block, 0, block.length);
        List<PbLink> links = new ArrayList<>();
        dataRange[0] = -1;
        dataRange[1] = 0;
        while (r.hasMore()) {
            int[] key = r.key();
            if (key[1] != ProtoReader.LEN) {
                throw new DagPbFormatException("dag-pb field " + key[0] + " has wire type " + key[1]
                        + ", expected length-delimited");
            }
            if (key[0] == 2) {
                if (dataRange[0] >= 0) {
                    throw new DagPbFormatException("dag-pb Links must come before Data");
                }
                int[] range = r.lengthDelimited();
                links.add(decodeLink(block, range[0], range[1]));
            } else if (key[0] == 1) {
                if (dataRange[0] >= 0) {
                    throw new DagPbFormatException("dag-pb node has more than one Data field");
                }
                int[] range = r.lengthDelimited();
                dataRange[0] = range[0];
                dataRange[1] = range[1];
            } else {
                throw new DagPbFormatException("dag-pb node has unknown field " + key[0]);
            }
        }
        return new PbNode(links, null);
    }

    private static PbLink decodeLink(byte[] buf, int off, int len) throws DagPbFormatException {
        ProtoReader r = new ProtoReader(buf, off, len);
        Cid hash = null;
        String name = null;
        Long tsize = null;
        int last = 0;
        while (r.hasMore()) {
            int[] key = r.key();
            int field = key[0];
            if (field <= last) {
                throw new DagPbFormatException(field == last ? "dag-pb link repeats field " + field
                        : "dag-pb link fields out of order (Hash, Name, Tsize)");
            }
            last = field;
            if (field == 1) {
                expectWire(key, ProtoReader.LEN, "Hash");
                byte[] cidBytes = r.bytes();
                try {
                    hash = Cid.decode(cidBytes);
                } catch (IllegalArgumentException e) {
                    throw new DagPbFormatException("dag-pb link Hash is not a CID: " + e.getMessage());
                }
            } else if (field == 2) {
                expectWire(key, ProtoReader.LEN, "Name");
                name = utf8(r.bytes());
            } else if (field == 3) {
                expectWire(key, ProtoReader.VARINT, "Tsize");
                long t = r.varint();
                if (t < 0) {
                    throw new DagPbFormatException("dag-pb link Tsize exceeds 2^63-1");
                }
                tsize = t;
            } else {
                throw new DagPbFormatException("dag-pb link has unknown field " + field);
            }
        }
        if (hash == null) {
            throw new DagPbFormatException("dag-pb link has no Hash");
        }
        return new PbLink(hash, name, tsize);
    }

    private static void expectWire(int[] key, int wire, String what) throws DagPbFormatException {
        if (key[1] != wire) {
            throw new DagPbFormatException("dag-pb link " + what + " has wire type " + key[1]);
        }
    }

    private static String utf8(byte[] b) throws DagPbFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new DagPbFormatException("dag-pb link Name is not valid UTF-8");
        }
    }
}
