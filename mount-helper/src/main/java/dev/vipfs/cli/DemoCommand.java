package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.fs.sealing.EncryptedTreeImporter;
import dev.vipfs.fs.mount.MountOptions;
import dev.vipfs.fs.mount.Mounts;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import dev.vipfs.node.MountSession;
import dev.vipfs.node.Node;
import dev.vipfs.node.VipfsHome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** `vipfs demo`: the whole path end to end in a throwaway home, checked byte for byte through the kernel. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole path end to end in a temporary home.",
                "Creates a sample tree, encrypts and adds it, mounts it, shows 'ls -l' and 'cat' through",
                "the real mount, compares the sha256 of every file read through the mount with the original,",
                "and unmounts. Needs FUSE (/dev/fuse, fusermount). Example: vipfs demo"})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--keep", description = "keep the temporary directory (home, sample tree) for inspection")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("vipfs-demo-");
        Path home = work.resolve("home");
        Path sample = work.resolve("sample");
        Path mnt = work.resolve("mnt");
        Files.createDirectories(mnt);
        try {
            say("working in " + work);
            VipfsHome.override(home);
            int rc = new CommandLine(new VipfsCommand()).execute("--home", home.toString(), "init");
            if (rc != 0) {
                throw new UserException("demo: init failed", ExitCodes.FAILED);
            }
            createSample(sample);
            say("");
            say("$ vipfs add -r " + sample);
            String rootCid;
            try (Node node = Node.open(VipfsHome.at(home))) {
                UnixfsImporter importer = new UnixfsImporter(node.store(), node.importOptions());
                EncryptedTreeImporter tree = new EncryptedTreeImporter(importer, node.recipients(List.of()));
                ImportedNode root = tree.importPath(sample, (p, n) ->
                        say("added " + n.cid() + " " + sample.getParent().relativize(p)));
                importer.sync();
                node.catalogueRoot("sample", root.cid());
                rootCid = root.cid().toString();

                MountOptions options = MountOptions.builder().build();
                try (MountSession session = MountSession.create(node, mnt, options, () -> { })) {
                    session.start();
                    say("");
                    say("mounted at " + mnt);
                    Path tree0 = mnt.resolve(rootCid);
                    shell("ls", "-l", mnt.toString());
                    shell("ls", "-lR", tree0.toString());
                    shell("cat", tree0.resolve("hello.txt").toString());
                    shell("cat", tree0.resolve("docs/notes.txt").toString());
                    int n = compare(sample, tree0);
                    say("");
                    say("all " + n + " files match (sha256 through the mount = original)");
                }
                if (Mounts.isMounted(mnt)) {
                    throw new UserException("demo: " + mnt + " is still mounted", ExitCodes.FAILED);
                }
                say("unmounted " + mnt);
            }
        } finally {
            if (Mounts.isMounted(mnt)) {
                Mounts.unmount(mnt);
            }
            if (!keep) {
                deleteTree(work);
            }
        }
        return ExitCodes.OK;
    }

    private static void createSample(Path sample) throws IOException {
        Files.createDirectories(sample.resolve("docs"));
        Files.createDirectories(sample.resolve("data"));
        Files.writeString(sample.resolve("hello.txt"), "hello from vipfs\n");
        Files.writeString(sample.resolve("docs/notes.txt"),
                "Files are encrypted in 64 KiB segments;\nreading byte N decrypts only the segment holding it.\n");
        Files.writeString(sample.resolve("docs/empty.txt"), "");
        StringBuilder csv = new StringBuilder("id,value\n");
        for (int i = 0; i < 20_000; i++) {
            csv.append(i).append(',').append(i * 7 % 1000).append('\n');
        }
        Files.writeString(sample.resolve("data/table.csv"), csv.toString(), StandardCharsets.UTF_8);
        byte[] random = new byte[3 * 1024 * 1024 + 12345];
        new Random(42).nextBytes(random);
        Files.write(sample.resolve("data/random.bin"), random);
    }

    private static int compare(Path original, Path mounted) throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(original)) {
            s.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        say("");
        for (Path f : files) {
            Path rel = original.relativize(f);
            String want = sha256(f);
            String got = sha256(mounted.resolve(rel.toString()));
            if (!want.equals(got)) {
                throw new UserException("demo: " + rel + " differs through the mount (" + got + " != " + want + ")",
                        ExitCodes.FAILED);
            }
            say("sha256 " + want.substring(0, 16) + "…  " + rel + "  ok");
        }
        return files.size();
    }

    private static String sha256(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[128 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void shell(String... cmd) throws Exception {
        say("");
        say("$ " + String.join(" ", cmd));
        System.out.flush();
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new UserException("demo: '" + String.join(" ", cmd) + "' failed", ExitCodes.FAILED);
        }
    }

    private static void say(String line) {
        System.out.println(line);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
