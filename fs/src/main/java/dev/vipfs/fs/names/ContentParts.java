package dev.vipfs.fs.names;

import dev.vipfs.fs.content.ObjectInfo;
import dev.vipfs.fs.content.ObjectInspector;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.unixfs.codec.FileLink;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The blocks through which another DAG could reach a file's plaintext under a CID the index has
 * never seen: a file node of its own can pair a known envelope's header and payload, or link a
 * known plaintext file's chunks. A rule on those blocks' names must follow the content there.
 */
final class ContentParts {
    private final UnixfsReader reader;
    private final ObjectInspector inspector;

    ContentParts(UnixfsReader reader, ObjectInspector inspector) {
        this.reader = reader;
        this.inspector = inspector;
    }

    /** The envelope's header and payload, or a plaintext file's chunks; empty for anything else. */
    List<Cid> of(Cid cid) throws IOException {
        ObjectInfo info = inspector.inspect(cid);
        if (info.kind() != ObjectInfo.Kind.FILE) {
            return List.of();
        }
        if (info.encrypted()) {
            return List.of(info.envelope().header(), info.envelope().payload());
        }
        if (cid.codec() != Multicodec.DAG_PB) {
            return List.of();
        }
        List<Cid> parts = new ArrayList<>();
        for (FileLink l : reader.stat(cid).fileLinks()) {
            parts.add(l.cid());
        }
        return parts;
    }
}
