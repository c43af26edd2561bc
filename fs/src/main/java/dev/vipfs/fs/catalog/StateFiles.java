package dev.vipfs.fs.catalog;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Opens the catalogue's own files without following a link and only when they are plain files with
 * one name: the catalogue directory may belong to a service user, and whatever it planted there
 * (a symlink or hard link to another file, a FIFO that would hang the start) is refused, not used.
 */
public final class StateFiles {
    static final int S_IFMT = 0170000;
    static final int S_IFREG = 0100000;

    private StateFiles() { }

    /** Opens p with options, never through a link, and only if it is absent or a plain file with one name. */
    public static FileChannel open(Path p, OpenOption... options) throws IOException {
        requireRegularOrAbsent(p);
        OpenOption[] all = Arrays.copyOf(options, options.length + 1);
        all[options.length] = LinkOption.NOFOLLOW_LINKS;
        FileChannel ch = FileChannel.open(p, all);
        try {
            requireRegularOrAbsent(p);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    /** Throws unless p is missing or a regular file with a single link. */
    static void requireRegularOrAbsent(Path p) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(p, "unix:mode,nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException missing) {
            return;
        }
        if (((Integer) a.get("mode") & S_IFMT) != S_IFREG || (Integer) a.get("nlink") != 1) {
            throw new IOException(p + " is not a plain file (a link, FIFO or device is in its place); remove it");
        }
    }
}
