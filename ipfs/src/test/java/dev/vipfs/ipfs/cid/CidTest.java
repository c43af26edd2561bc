package dev.vipfs.ipfs.cid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CidTest {
    @Test
    void rawHelloWorldMatchesKubo() {
        byte[] data = "hello world\n".getBytes(StandardCharsets.US_ASCII);
        Cid cid = Cid.v1(Multicodec.RAW, Multihash.sha256(data));
        assertEquals("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4", cid.toString());
        assertEquals(cid, Cid.parse(cid.toString()));
        assertTrue(cid.multihash().matches(data));
    }

    @Test
    void v0RoundTripsAndConvertsToV1() {
        Cid v0 = Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qs3HFo8Lc6ar1Tj");
        assertEquals(0, v0.version());
        assertEquals(Multicodec.DAG_PB, v0.codec());
        assertEquals("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qs3HFo8Lc6ar1Tj", v0.toString());
        Cid v1 = v0.toV1();
        assertEquals("bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofs2b7e23bszm3iysqey", v1.toString());
        assertEquals(v1, Cid.parse(v1.toString(Multibase.BASE58BTC)));
        assertEquals(v1, Cid.parse(v1.toString(Multibase.BASE36)));
        assertEquals(v1, Cid.parse(v1.toString(Multibase.BASE32_UPPER)));
        assertEquals(v1, Cid.parse(v1.toString(Multibase.BASE16)));
        assertEquals(v0, Cid.decode(v0.toBytes()));
        assertEquals(v1, Cid.decode(v1.toBytes()));
    }

    @Test
    void knownBase36() {
        // libp2p-key identity CID from the IPNS spec examples.
        Cid c = Cid.parse("k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8");
        assertEquals(Multicodec.LIBP2P_KEY, c.codec());
        assertEquals("k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8", c.toString(Multibase.BASE36));
    }

    @Test
    void badInputsGiveClearMessages() {
        for (String s : new String[] {"", "Qm", "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qs3HFo8Lc6ar1T0", "x123",
                "bafy!", "b", "zzzz", "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2deve"}) {
            CidFormatException e = assertThrows(CidFormatException.class, () -> Cid.parse(s), s);
            assertTrue(e.getMessage().startsWith("not a valid CID: '" + s + "'"), e.getMessage());
        }
    }

    @Test
    void radixCodecsRoundTripWithLeadingZeros() {
        Random r = new Random(7);
        for (int i = 0; i < 500; i++) {
            byte[] b = new byte[r.nextInt(40)];
            r.nextBytes(b);
            if (b.length > 2 && r.nextBoolean()) {
                b[0] = 0;
                b[1] = 0;
            }
            for (Multibase m : Multibase.values()) {
                assertArrayEquals(b, m.decode(m.encode(b)), m + " " + i);
            }
        }
    }

    @Test
    void randomBinaryNeverThrowsUnchecked() {
        Random r = new Random(11);
        for (int i = 0; i < 5000; i++) {
            byte[] b = new byte[r.nextInt(50)];
            r.nextBytes(b);
            try {
                Cid.decode(b);
            } catch (CidFormatException expected) {
                // fine
            }
        }
    }
}
