package dev.vipfs.ipfs.unixfs;

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

    private static void check(String kuboCid, ImportOptions opts, Path root) throws IOException {
        assertEquals(kuboCid, new UnixfsImporter(new MemoryBlockstore(), opts).addPath(root, null).cid().toString(),
                opts.toString());
    }
}
