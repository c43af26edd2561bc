package dev.vipfs.ipfs.dagpb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vipfs.ipfs.cid.Cid;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagPbCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Cid C = Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");

    private static byte[] hex(String s) {
        return HEX.parseHex(s);
    }

    @Test
    void emptyDirectoryBlock() throws Exception {
        PbNode n = DagPbCodec.decode(hex("0a020801"));
        assertEquals(0, n.links().size());
        assertArrayEquals(hex("0801"), n.data());
        assertArrayEquals(hex("0a020801"), DagPbCodec.encode(n));
    }

    @Test
    void emptyBlockIsAnEmptyNode() throws Exception {
        PbNode n = DagPbCodec.decode(new byte[0]);
        assertNull(n.data());
        assertEquals(0, DagPbCodec.encode(n).length);
    }

    @Test
    void linkRoundTripKeepsOrderAndOptionalFields() throws Exception {
        PbNode n = new PbNode(List.of(PbLink.of(C, "b", 9), new PbLink(C, null, null), PbLink.of(C, "", 0)), hex("0802"));
        byte[] enc = DagPbCodec.encode(n);
        PbNode back = DagPbCodec.decode(enc);
        assertEquals(n.links(), back.links());
        assertArrayEquals(enc, DagPbCodec.encode(back));
        // boxo writes an empty name as "12 00" and Tsize always.
        byte[] l = DagPbCodec.encode(new PbNode(List.of(PbLink.of(C, "", 5)), null));
        String h = HEX.formatHex(l);
        assertEquals("12", h.substring(0, 2));
        assertEquals("12001805", h.substring(h.length() - 8));
    }

    @Test
    void strictRules() {
        String link = "0a22" + HEX.formatHex(C.toBytes());
        String[] bad = {
            "0a0208011200", // Links after Data
            "0a020801" + "0a020801", // Data twice
            "1a00", // unknown field 3
            "0801", // wrong wire type for Data
            "12" + String.format("%02x", link.length() / 2 + 4) + "1200" + link + "", // Name before Hash (+ padding)
            "12" + String.format("%02x", link.length() / 2 + 4) + link + "1800" + "1200", // Tsize before Name
            "12" + String.format("%02x", link.length() / 2 + 4) + link + "1200" + "1200", // Name twice
            "12021200", // link without Hash
            "120a0a0800000000000000", // Hash not a CID
            "0a05", // truncated
            "12" + String.format("%02x", link.length() / 2 + 2) + link + "2000", // unknown link field
            "12" + String.format("%02x", link.length() / 2 + 3) + link + "1201ff", // name not UTF-8
            "0a028001", // non-minimal... data field with 2 bytes is fine: must decode
        };
        for (int i = 0; i < bad.length - 1; i++) {
            String b = bad[i];
            assertThrows(DagPbFormatException.class, () -> DagPbCodec.decode(hex(b)), b);
        }
    }
}
