package dev.vipfs.cli;

import dev.vipfs.fs.content.EncryptedTreeImporter;
import dev.vipfs.ipfs.unixfs.ImportedNode;
import dev.vipfs.ipfs.unixfs.UnixfsImporter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `vipfs add`: encrypts files and trees into the store and records them in the catalogue. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Encrypt files (and, with -r, directory trees) to the configured keys and import them",
                "as UnixFS. Prints 'added <cid> <name>' per entry; the root is the last line.",
                "Example: vipfs add -r ./reports"})
final class AddCommand implements Callable<Integer> {
    @Option(names = {"-r", "--recursive"}, description = "add directories recursively")
    boolean recursive;

    @Option(names = {"-Q", "--quieter"}, description = "print only the final root CID")
    boolean quieter;

    @Option(names = "--recipient", paramLabel = "KEY", description = "encrypt to this key name (repeatable; default: config recipients, else every key)")
    List<String> recipients = new ArrayList<>();

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "files or directories to add")
    List<Path> paths;

    @Override
    public Integer call() throws Exception {
        for (Path p : paths) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new UserException("cannot add " + p + ": no such file or directory");
            }
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !recursive) {
                throw new UserException("cannot add " + p + ": is a directory (use -r)");
            }
        }
        VipfsHome home = VipfsHome.resolve();
        try (Node node = Node.open(home)) {
            UnixfsImporter importer = new UnixfsImporter(node.store(), node.importOptions());
            EncryptedTreeImporter tree = new EncryptedTreeImporter(importer, node.recipients(recipients));
            String lastCid = null;
            for (Path p : paths) {
                Path base = p.toAbsolutePath().normalize();
                Path parent = base.getParent() == null ? base : base.getParent();
                ImportedNode root = tree.importPath(base, (entry, node1) -> {
                    if (!quieter) {
                        System.out.println("added " + node1.cid() + " " + parent.relativize(entry));
                    }
                });
                node.catalog().record(base.getFileName() == null ? "/" : base.getFileName().toString(), root.cid(), true);
                lastCid = root.cid().toString();
            }
            if (quieter) {
                System.out.println(lastCid);
            }
        }
        return ExitCodes.OK;
    }
}
