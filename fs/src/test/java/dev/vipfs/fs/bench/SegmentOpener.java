package dev.vipfs.fs.bench;

import dev.vipfs.crypto.CryptoException;
import dev.vipfs.crypto.envelope.EnvelopeReader;
import dev.vipfs.crypto.segment.SegmentOffsets;
import dev.vipfs.ipfs.unixfs.codec.DecodedNode;
import java.io.IOException;

/**
 * {@link KuboFloor}'s decrypting side: opens each verified payload leaf, in file order, as the
 * envelope segment it holds (vipfs writes one segment per leaf), into one reused plaintext array.
 */
final class SegmentOpener {
    private final EnvelopeReader envelope;
    private final long payloadLength;
    private final byte[] out = new byte[SegmentOffsets.PLAIN_SEGMENT];
    private long segments;
    private long plainBytes;

    SegmentOpener(EnvelopeReader envelope, long payloadLength) {
        this.envelope = envelope;
        this.payloadLength = payloadLength;
    }

    void open(KuboLeafPump.Leaf leaf, KuboFloor.PlaintextSink sink) throws IOException {
        DecodedNode n = DecodedNode.decode(leaf.cid(), leaf.block());
        byte[] in = n.isRaw() ? n.raw() : n.dataArray();
        int off = n.isRaw() ? 0 : n.dataOffset();
        int len = n.isRaw() ? in.length : n.dataLength();
        long index = segments;
        if (leaf.fileOffset() != SegmentOffsets.cipherOffset(index)
                || len != SegmentOffsets.cipherSegmentLength(index, payloadLength)) {
            throw new IOException("leaf " + leaf.cid() + " (" + len + " bytes at payload offset " + leaf.fileOffset()
                    + ") is not segment " + index + ": this floor reads payloads of one segment per leaf, as vipfs writes them");
        }
        int plain;
        try {
            plain = envelope.openSegment(index, in, off, len, SegmentOffsets.isLast(index, payloadLength), out, 0);
        } catch (CryptoException e) {
            throw new IOException("segment " + index + " did not open: " + e.getMessage(), e);
        }
        segments++;
        plainBytes += plain;
        if (sink != null) {
            sink.accept(index, out, plain);
        }
    }

    /** Fails unless every segment of the payload was opened. */
    void checkComplete() throws IOException {
        long want = SegmentOffsets.segmentCountOfPayload(payloadLength);
        if (segments != want) {
            throw new IOException("opened " + segments + " of the payload's " + want + " segments");
        }
    }

    long segments() {
        return segments;
    }

    long plainBytes() {
        return plainBytes;
    }
}
