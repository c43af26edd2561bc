package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.fs.sealing.EncryptedTreeImporter;
import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.unixfs.importer.ImportOptions;
import dev.vipfs.ipfs.unixfs.importer.ImportedNode;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import dev.vipfs.node.Node;
import dev.vipfs.node.VipfsHome;
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
        description = {"Encrypt files or trees and import them as UnixFS.",
                "Files are encrypted to the configured keys (or --recipient) and imported as UnixFS. Prints 'added <cid> <name>' per entry; the root is the last line.",
                "With --plain, imports without encryption and prints exactly the CIDs 'ipfs add' prints.",
                "Examples: vipfs add -r ./reports",
                "          vipfs add --plain --cid-version 1 -r ./site"})
final class AddCommand implements Callable<Integer> {
    @Option(names = {"-r", "--recursive"}, description = "add directories recursively")
    boolean recursive;

    @Option(names = {"-Q", "--quieter"}, description = "print only the final root CID")
    boolean quieter;

    @Option(names = "--recipient", paramLabel = "KEY", description = "encrypt to this key name (repeatable; default: config recipients, else every key)")
    List<String> recipients = new ArrayList<>();

    @Option(names = {"-H", "--hidden"}, description = "with -r: include files and directories whose names start with '.'"
            + " (skipped by default, as 'ipfs add -r' skips them without -H)")
    boolean hidden;

    @Option(names = "--plain", description = "import WITHOUT encryption, exactly as 'ipfs add' would (same CIDs)")
    boolean plain;

    @Option(names = {"-n", "--only-hash"}, description = "with --plain: compute CIDs only; writes no block and needs no vipfs home")
    boolean onlyHash;

    @Option(names = "--profile", paramLabel = "NAME", description = "with --plain: unixfs-v0-2015 (Kubo's default) or unixfs-v1-2025")
    String profile;

    @Option(names = "--cid-version", paramLabel = "N", description = "with --plain: CID version 0 or 1 (1 implies --raw-leaves)")
    Integer cidVersion;

    @Option(names = "--raw-leaves", arity = "0..1", paramLabel = "BOOL", description = "with --plain: raw blocks for file leaves")
    Boolean rawLeaves;

    @Option(names = "--chunker", paramLabel = "size-N", description = "with --plain: fixed-size chunks of N bytes (default size-262144)")
    String chunker;

    @Option(names = "--preserve-mode", description = "with --plain: store each entry's permission bits (UnixFS 1.5), as 'ipfs add --preserve-mode'")
    boolean preserveMode;

    @Option(names = "--preserve-mtime", description = "with --plain: store each entry's modification time (UnixFS 1.5), as 'ipfs add --preserve-mtime'")
    boolean preserveMtime;

    @Option(names = "--progress", negatable = true, description = "show a progress bar on stderr "
            + "(default: when stderr is a terminal and the input is 16 MiB or more)")
    Boolean progress;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "files or directories to add")
    List<Path> paths;

    private ImportOptions plainOptions() throws UserException {
        try {
            ImportOptions o = profile != null ? ImportOptions.profile(profile) : ImportOptions.kuboDefault();
            if (cidVersion != null) {
                if (cidVersion != 0 && cidVersion != 1) {
                    throw new UserException("--cid-version must be 0 or 1");
                }
                o = o.withCidVersion(cidVersion);
            }
            if (rawLeaves != null) {
                o = o.withRawLeaves(rawLeaves);
            }
            if (chunker != null) {
                o = o.withChunkSize(ImportOptions.parseChunker(chunker));
            }
            return o.withPreserveMode(preserveMode).withPreserveMtime(preserveMtime).withHidden(hidden);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** Imports one path, reporting every entry; UnixfsImporter::addPath and the encrypting twin fit. */
    private interface PathImporter {
        ImportedNode importPath(Path path, java.util.function.BiConsumer<Path, ImportedNode> onAdded) throws java.io.IOException;
    }

    private Integer addAll(Node node, PathImporter importer, boolean record, AddProgress bar) throws Exception {
        String lastCid = null;
        for (Path p : paths) {
            Path base = p.toAbsolutePath().normalize();
            Path parent = base.getParent() == null ? base : base.getParent();
            ImportedNode root = importer.importPath(base, (entry, n) -> {
                if (!quieter) {
                    println(bar, "added " + n.cid() + " " + parent.relativize(entry));
                }
            });
            if (node != null) {
                node.store().sync();
            }
            if (record) {
                node.store().pin(root.cid());
                node.catalogueRoot(base.getFileName() == null ? "/" : base.getFileName().toString(), root.cid());
            }
            lastCid = root.cid().toString();
        }
        if (quieter) {
            println(bar, lastCid);
        }
        return ExitCodes.OK;
    }

    /** A result line on stdout, clearing the progress bar's line first when there is one. */
    private static void println(AddProgress bar, String line) {
        if (bar != null) {
            bar.println(line);
        } else {
            System.out.println(line);
        }
    }

    private static BlockStore counted(BlockStore store, AddProgress bar) {
        return bar == null ? store : bar.counting(store);
    }

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
        if (!plain && (onlyHash || profile != null || cidVersion != null || rawLeaves != null || chunker != null
                || preserveMode || preserveMtime)) {
            // Encrypted content keeps modes and times out of its DAG: docs/format.md, "Modes and times".
            throw new UserException("--only-hash, --profile, --cid-version, --raw-leaves, --chunker and --preserve-mode/-mtime"
                    + " go with --plain");
        }
        if (plain && onlyHash) {
            // Hashing needs no store, keys or catalogue: opening them cost a quarter of a second
            // per run and would fail for a --store kubo whose daemon is down, for nothing.
            try (AddProgress bar = AddProgress.startIfWanted(progress, paths)) {
                UnixfsImporter importer = new UnixfsImporter(counted(new DiscardingStore(), bar), plainOptions());
                return addAll(null, importer::addPath, false, bar);
            }
        }
        VipfsHome home = VipfsHome.resolve();
        try (Node node = Node.open(home); AddProgress bar = AddProgress.startIfWanted(progress, paths)) {
            for (Path p : paths) {
                // Root on a service user's home reads its inputs as that user: an input it cannot even
                // see fails here with AccessDeniedException (and the hint), not as an odd file type later.
                Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
            BlockStore store = counted(node.store(), bar);
            if (plain) {
                UnixfsImporter importer = new UnixfsImporter(store, plainOptions());
                return addAll(node, importer::addPath, true, bar);
            }
            UnixfsImporter importer = new UnixfsImporter(store, node.importOptions().withHidden(hidden));
            EncryptedTreeImporter tree = new EncryptedTreeImporter(importer, node.recipients(recipients));
            return addAll(node, tree::importPath, true, bar);
        }
    }
}
