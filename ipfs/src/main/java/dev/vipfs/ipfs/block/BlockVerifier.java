package dev.vipfs.ipfs.block;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one hash check of the block layer. Every source that receives bytes from outside this process
 * (Kubo, gateways, CAR streams, the embedded store's files) passes them through {@link #verify}
 * before anyone else sees them, so a mismatch is refused, logged and reported the same way
 * everywhere, and no source can forget the check or use a weaker one.
 */
public final class BlockVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(BlockVerifier.class);

    private BlockVerifier() {
    }

    /** Returns {@code data} if it hashes to {@code cid}, else logs and throws; {@code where} names the source. */
    public static byte[] verify(Cid cid, byte[] data, String where) throws IntegrityException {
        return verify(cid, data, 0, data.length, where);
    }

    /**
     * Like {@link #verify(Cid, byte[], String)}, building the source's name only if the check fails:
     * the embedded store's names a pack file and offset, a string per block read otherwise.
     */
    public static byte[] verify(Cid cid, byte[] data, Supplier<String> where) throws IntegrityException {
        return verify(cid, data, 0, data.length, where);
    }

    /** Like {@link #verify(Cid, byte[], String)} for {@code data[off, off+len)}; returns {@code data}. */
    public static byte[] verify(Cid cid, byte[] data, int off, int len, String where) throws IntegrityException {
        return verify(cid, data, off, len, () -> where);
    }

    private static byte[] verify(Cid cid, byte[] data, int off, int len, Supplier<String> where)
            throws IntegrityException {
        long code = cid.multihash().code();
        if (!canVerify(code)) {
            throw new IntegrityException("block " + cid + " uses hash function " + Multicodec.name(code)
                    + ", which vipfs cannot verify; only sha2-256 and identity are supported");
        }
        if (!cid.multihash().matches(data, off, len)) {
            String source = where.get();
            LOG.error("integrity failure: block {} from {} does not hash to its CID", cid, source);
            throw new IntegrityException(cid, source);
        }
        return data;
    }

    /** Whether blocks hashed with multihash {@code code} can be verified at all (sha2-256, identity). */
    public static boolean canVerify(long code) {
        return code == Multicodec.SHA2_256 || code == Multicodec.IDENTITY;
    }

    /**
     * The block of an identity CID, which is its own digest (no I/O, nothing to verify), or null for
     * every other CID. Sources answer these before they look anywhere.
     */
    public static byte[] identityBlock(Cid cid) {
        return cid.isIdentity() ? cid.multihash().digest() : null;
    }
}
