package dev.vipfs.fs.write;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Streaming helpers for test trees: deterministic files, sha256 of whole trees, byte searches. */
final class TreeFiles {
    private TreeFiles() { }

    /** Writes size pseudo-random bytes in 1 MiB steps, so memory stays flat for any size. */
    static void random(Path p, long size, long seed) throws IOException {
        Random r = new Random(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(p)) {
            long left = size;
            while (left > 0) {
                r.nextBytes(buf);
                int n = (int) Math.min(buf.length, left);
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }

    static String sha256(Path p) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(p)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** relative path → sha256 for every regular file under dir ("/" suffix marks directories). */
    static Map<String, String> digests(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String rel = dir.relativize(p).toString();
                if (rel.isEmpty()) {
                    continue;
                }
                out.put(Files.isDirectory(p) ? rel + "/" : rel, Files.isDirectory(p) ? "" : sha256(p));
            }
        }
        return out;
    }

    /** How many files under dir contain marker, read in overlapping windows so no file is held whole. */
    static int filesContaining(Path dir, String marker) throws IOException {
        byte[] m = marker.getBytes(StandardCharsets.UTF_8);
        int hits = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                if (contains(p, m)) {
                    hits++;
                }
            }
        }
        return hits;
    }

    private static boolean contains(Path p, byte[] m) throws IOException {
        byte[] buf = new byte[(1 << 20) + m.length];
        int keep = 0;
        try (InputStream in = Files.newInputStream(p)) {
            int n;
            while ((n = in.read(buf, keep, buf.length - keep)) > 0) {
                int len = keep + n;
                outer:
                for (int i = 0; i + m.length <= len; i++) {
                    for (int j = 0; j < m.length; j++) {
                        if (buf[i + j] != m[j]) {
                            continue outer;
                        }
                    }
                    return true;
                }
                keep = Math.min(m.length - 1, len);
                System.arraycopy(buf, len - keep, buf, 0, keep);
            }
        }
        return false;
    }
}
