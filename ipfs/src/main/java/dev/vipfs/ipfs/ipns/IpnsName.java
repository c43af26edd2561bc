package dev.vipfs.ipfs.ipns;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multibase;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import dev.vipfs.ipfs.dagpb.DagPbFormatException;
import dev.vipfs.ipfs.dagpb.ProtoReader;
import dev.vipfs.ipfs.dagpb.ProtoWriter;
import java.util.Arrays;

/**
 * An IPNS name whose Ed25519 public key is inlined in it: a CIDv1 with the libp2p-key codec and an
 * identity multihash of the libp2p {@code PublicKey} protobuf ({@code Type = 1}, {@code Data} = the
 * 32-byte key), written in base36 as Kubo prints it ({@code k51…}).
 */
public final class IpnsName {
    static final int ED25519 = 1;
    private static final int KEY_BYTES = 32;

    private final String text;
    private final byte[] publicKey;

    private IpnsName(String text, byte[] publicKey) {
        this.text = text;
        this.publicKey = publicKey;
    }

    /** Parses a name as found after {@code /ipns/}. */
    public static IpnsName parse(String text) throws IpnsRecordException {
        Cid cid;
        try {
            cid = Cid.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IpnsRecordException("'" + text + "' is not an IPNS key name: " + e.getMessage());
        }
        if (cid.version() != 1 || cid.codec() != Multicodec.LIBP2P_KEY) {
            throw new IpnsRecordException("'" + text + "' is a CID of content, not an IPNS key name (libp2p-key)");
        }
        if (cid.multihash().code() != Multicodec.IDENTITY) {
            throw new IpnsRecordException("'" + text + "' hashes its public key (an RSA-era name); only names with an"
                    + " inlined Ed25519 key can be verified here");
        }
        return new IpnsName(cid.toString(Multibase.BASE36), unmarshalKey(cid.multihash().digest(), text));
    }

    /** The name of an Ed25519 public key. */
    public static IpnsName of(byte[] ed25519PublicKey) {
        if (ed25519PublicKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, got " + ed25519PublicKey.length);
        }
        Cid cid = Cid.v1(Multicodec.LIBP2P_KEY, Multihash.identity(marshalKey(ed25519PublicKey)));
        return new IpnsName(cid.toString(Multibase.BASE36), ed25519PublicKey.clone());
    }

    /** libp2p's PublicKey protobuf for an Ed25519 key, as in the name and in a record's pubKey field. */
    static byte[] marshalKey(byte[] key) {
        return new ProtoWriter().varintField(1, ED25519).bytesField(2, key).toByteArray();
    }

    static byte[] unmarshalKey(byte[] proto, String what) throws IpnsRecordException {
        long type = -1;
        byte[] data = null;
        try {
            ProtoReader r = new ProtoReader(proto, 0, proto.length);
            while (r.hasMore()) {
                int[] k = r.key();
                if (k[0] == 1 && k[1] == ProtoReader.VARINT) {
                    type = r.varint();
                } else if (k[0] == 2 && k[1] == ProtoReader.LEN) {
                    data = r.bytes();
                } else {
                    r.skip(k[1]);
                }
            }
        } catch (DagPbFormatException e) {
            throw new IpnsRecordException("the public key of " + what + " is malformed: " + e.getMessage());
        }
        if (type != ED25519 || data == null || data.length != KEY_BYTES) {
            throw new IpnsRecordException("the public key of " + what + " is not an Ed25519 key (type " + type + ")");
        }
        return data;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpnsName n && Arrays.equals(publicKey, n.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }
}
