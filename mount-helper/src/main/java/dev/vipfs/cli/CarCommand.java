package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.ipfs.car.CarExporter;
import dev.vipfs.ipfs.car.CarImporter;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.node.Node;
import dev.vipfs.node.VipfsHome;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `vipfs car …`: ship DAGs as CAR v1 files, compatible with `ipfs dag export` / `ipfs dag import`. */
@Command(name = "car", mixinStandardHelpOptions = true,
        description = {"Export and import DAGs as CAR v1 files.", "Round-trips with Kubo's 'ipfs dag export' / 'ipfs dag import'."},
        subcommands = {CarCommand.Export.class, CarCommand.Import.class})
final class CarCommand {

    /** `vipfs car export`. */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Write the whole DAG below CID as a CAR v1 file (to stdout unless -o).",
                    "Example: vipfs car export bafy… > tree.car"})
    static final class Export implements Callable<Integer> {
        @Parameters(arity = "1", paramLabel = "CID")
        String cid;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to FILE instead of stdout")
        Path output;

        @Override
        public Integer call() throws Exception {
            Cid root = Cid.parse(cid);
            try (Node node = Node.open(VipfsHome.resolve())) {
                if (output == null) {
                    OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
                    CarExporter.export(node.store(), root, out);
                    out.flush();
                } else {
                    Path tmp = output.resolveSibling(output.getFileName() + ".partial");
                    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                        CarExporter.export(node.store(), root, out);
                    } catch (IOException e) {
                        Files.deleteIfExists(tmp);
                        throw e;
                    }
                    Files.move(tmp, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return ExitCodes.OK;
        }
    }

    /** `vipfs car import`. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import every block of CAR v1 files (each verified against its CID) and print the roots.",
                    "Example: vipfs car import tree.car"})
    static final class Import implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "FILE", description = "CAR files, or - for stdin")
        List<String> files;

        @Option(names = "--pin-roots", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Pin each root recursively in a store with garbage collection (Kubo), as 'ipfs dag import' does (default: ${DEFAULT-VALUE}).")
        boolean pinRoots;

        @Override
        public Integer call() throws Exception {
            try (Node node = Node.open(VipfsHome.resolve())) {
                for (String f : files) {
                    try (InputStream in = f.equals("-") ? System.in
                            : new BufferedInputStream(Files.newInputStream(Path.of(f)), 1 << 16)) {
                        for (Cid root : CarImporter.importTo(in, node.store())) {
                            if (pinRoots) {
                                pin(node, root, f);
                            }
                            System.out.println("imported root " + root);
                            node.catalogueRoot(Path.of(f).getFileName().toString(), root);
                        }
                    } catch (NoSuchFileException e) {
                        throw new UserException("cannot import " + f + ": no such file");
                    }
                }
            }
            return ExitCodes.OK;
        }

        private static void pin(Node node, Cid root, String file) throws UserException {
            try {
                node.store().pin(root);
            } catch (IOException e) {
                throw new UserException("imported the blocks of " + file + " but could not pin root " + root
                        + " (a partial CAR? use --no-pin-roots): " + e.getMessage(), ExitCodes.FAILED);
            }
        }
    }
}
