package dev.vipfs.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;

/** Reads the mount's extended attributes as getfattr would. */
final class Xattrs {
    private Xattrs() {
    }

    /** {@code user.vipfs.cid} of a path in a mount. */
    static String cid(Path p) throws Exception {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
        ByteBuffer buf = ByteBuffer.allocate(256);
        view.read("vipfs.cid", buf);
        buf.flip();
        return StandardCharsets.US_ASCII.decode(buf).toString().trim();
    }
}
