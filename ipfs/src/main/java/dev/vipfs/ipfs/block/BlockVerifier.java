package dev.vipfs.ipfs.block;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shared hash check for block sources, so every store rejects and logs mismatches the same way. */
public final class BlockVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(BlockVerifier.class);

    private BlockVerifier() {
    }

    /** Returns {@code data} if it hashes to {@code cid}, else logs and throws. */
    public static byte[] verify(Cid cid, byte[] data, String where) throws IntegrityException {
        long code = cid.multihash().code();
        if (code != Multicodec.SHA2_256 && code != Multicodec.IDENTITY) {
            throw new IntegrityException("block " + cid + " uses hash function " + Multicodec.name(code)
                    + ", which vipfs cannot verify; only sha2-256 and identity are supported");
        }
        if (!cid.multihash().matches(data)) {
            LOG.error("integrity failure: block {} from {} does not hash to its CID", cid, where);
            throw new IntegrityException(cid, where);
        }
        return data;
    }
}
