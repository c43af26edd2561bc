package dev.vipfs.ipfs.unixfs.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vipfs.ipfs.block.MemoryBlockstore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * addPath against the Kubo binary's offline {@code ipfs add -r --only-hash} on a tree with a
 * symlink, empty file, empty directory, hidden file, non-ASCII name and a multi-chunk file.
 * Skipped when no Kubo binary is installed (property vipfs.kubo, env VIPFS_KUBO, or
 * ~/.cache/vipfs/kubo-v0.42.0/ipfs). No network: --only-hash on a fresh offline repo.
 */
class KuboCliParityTest {
    @TempDir
    Path tmp;

    private static Path kubo() {
        String c = System.getProperty("vipfs.kubo", System.getenv("VIPFS_KUBO"));
        return c != null ? Path.of(c) : Path.of(System.getProperty("user.home"), ".cache/vipfs/kubo-v0.42.0/ipfs");
    }

    private String ipfs(Path repo, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(kubo().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("IPFS_PATH", repo.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("ipfs " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    @Test
    void addPathMatchesKuboForBothProfilesAndFlags() throws Exception {
        assumeTrue(Files.isExecutable(kubo()), "no Kubo binary at " + kubo());
        Path root = Files.createDirectory(tmp.resolve("root"));
        Files.createDirectories(root.resolve("sub"));
        Files.createDirectories(root.resolve("emptydir"));
        Files.writeString(root.resolve("a.txt"), "alpha\n");
        Files.write(root.resolve("empty"), new byte[0]);
        Files.writeString(root.resolve("sub/b.txt"), "beta\n");
        Files.createSymbolicLink(root.resolve("link"), Path.of("a.txt"));
        Files.writeString(root.resolve(".hidden"), "secret\n");
        Files.writeString(root.resolve("\u00fcn\u00ef c\u00f6d\u00e9 \ud83d\ude00.txt"), "x");
        byte[] big = new byte[700_000];
        new Random(3).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);

        Path v0 = tmp.resolve("repo-v0");
        Path v1 = tmp.resolve("repo-v1");
        ipfs(v0, "init", "--profile=test");
        ipfs(v1, "init", "--profile=test,unixfs-v1-2025");
        ImportOptions d = ImportOptions.kuboDefault();
        check(ipfs(v0, "add", "-r", "-Q", "--only-hash", root.toString()), d, root);
        check(ipfs(v0, "add", "-r", "-Q", "--only-hash", "--cid-version=1", root.toString()), d.withCidVersion(1), root);
        check(ipfs(v0, "add", "-r", "-Q", "--only-hash", "--raw-leaves", "--chunker=size-1000", root.toString()),
                d.withRawLeaves(true).withChunkSize(1000), root);
        check(ipfs(v0, "add", "-r", "-Q", "--only-hash", "--hidden", root.toString()), d.withHidden(true), root);
        check(ipfs(v1, "add", "-r", "-Q", "--only-hash", root.toString()), ImportOptions.profile("unixfs-v1-2025"), root);
        check(ipfs(v1, "add", "-r", "-Q", "--only-hash", "--raw-leaves=false", root.toString()),
                ImportOptions.profile("unixfs-v1-2025").withRawLeaves(false), root);
    }

    @Test
    void modeAndMtimeMatchKubo() throws Exception {
        assumeTrue(Files.isExecutable(kubo()), "no Kubo binary at " + kubo());
        Path root = Files.createDirectory(tmp.resolve("meta"));
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/small.txt"), "hello\n");
        byte[] big = new byte[2500];
        java.util.Arrays.fill(big, (byte) 'a');
        Files.write(root.resolve("big.txt"), big);
        Files.write(root.resolve("empty"), new byte[0]);
        Files.createSymbolicLink(root.resolve("link"), Path.of("big.txt"));
        java.time.Instant t = java.time.Instant.parse("2020-01-02T03:04:05.123456789Z");
        for (Path p : List.of(root.resolve("sub/small.txt"), root.resolve("big.txt"), root.resolve("empty"))) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
            Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.from(t));
        }
        Files.setPosixFilePermissions(root.resolve("sub"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        Files.setLastModifiedTime(root.resolve("sub"), java.nio.file.attribute.FileTime.from(java.time.Instant.ofEpochSecond(1609459200)));
        Files.setLastModifiedTime(root, java.nio.file.attribute.FileTime.from(java.time.Instant.ofEpochSecond(1500000000)));
        // A real (offline) add: Kubo 0.42's --only-hash fails on directories when metadata is preserved.
        Path repo = tmp.resolve("repo-meta");
        ipfs(repo, "init", "--profile=test");
        ImportOptions d = ImportOptions.kuboDefault().withChunkSize(1000);
        String r = root.toString();
        check(ipfs(repo, "add", "-r", "-Q", "--chunker=size-1000", "--preserve-mode", "--preserve-mtime", r),
                d.withPreserveMode(true).withPreserveMtime(true), root);
        check(ipfs(repo, "add", "-r", "-Q", "--chunker=size-1000", "--mode=0755", "--mtime=1600000000", r),
                d.withMode(0755).withMtime(java.time.Instant.ofEpochSecond(1600000000)), root);
        check(ipfs(repo, "add", "-r", "-Q", "--chunker=size-1000", "--cid-version=1", "--preserve-mode", r),
                d.withCidVersion(1).withPreserveMode(true), root);
    }

    @Test
    void hamtRootCarriesMetadataLikeKubo() throws Exception {
        assumeTrue(Files.isExecutable(kubo()), "no Kubo binary at " + kubo());
        Path root = Files.createDirectory(tmp.resolve("hamt"));
        for (int i = 0; i < 300; i++) {
            Files.writeString(root.resolve("entry-" + i), "v" + (i % 7));
        }
        Path repo = tmp.resolve("repo-hamt");
        ipfs(repo, "init", "--profile=test");
        ipfs(repo, "config", "Import.UnixFSHAMTDirectorySizeThreshold", "1KiB");
        ImportOptions o = ImportOptions.kuboDefault().withHamtThreshold(1024);
        check(ipfs(repo, "add", "-r", "-Q", "--only-hash", root.toString()), o, root);
        check(ipfs(repo, "add", "-r", "-Q", "--mode=0700", "--mtime=1600000000", root.toString()),
                o.withMode(0700).withMtime(java.time.Instant.ofEpochSecond(1600000000)), root);
    }

    private static void check(String kuboCid, ImportOptions opts, Path root) throws IOException {
        assertEquals(kuboCid, new UnixfsImporter(new MemoryBlockstore(), opts).addPath(root, null).cid().toString(),
                opts.toString());
    }
}
