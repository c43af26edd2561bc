package dev.vipfs.ipfs.car;

import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Varint;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Writes a CARv1 stream: the header with its roots on construction, then one section per block. */
public final class CarWriter implements Closeable, Flushable {
    private final OutputStream out;

    /** Writes the header naming {@code roots} to {@code out}; the caller keeps ownership of buffering. */
    public CarWriter(OutputStream out, List<Cid> roots) throws IOException {
        this.out = out;
        byte[] header = DagCbor.encodeHeader(List.copyOf(roots));
        Varint.write(out, header.length);
        out.write(header);
    }

    /** Appends one block section. The caller is responsible for the bytes matching the CID. */
    public void write(Cid cid, byte[] data) throws IOException {
        byte[] cidBytes = cid.toBytes();
        Varint.write(out, (long) cidBytes.length + data.length);
        out.write(cidBytes);
        out.write(data);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Flushes and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        out.close();
    }
}
