package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.fs.catalog.Catalog;
import dev.vipfs.fs.catalog.NamespaceCatalog;
import dev.vipfs.fs.catalog.NamespaceException;
import dev.vipfs.node.StoreOwner;
import dev.vipfs.node.VipfsHome;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `vipfs catalog …`: what this node wrote (MOUNT/data) and added (`vipfs add`), with CIDs and versions. */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = {"Show the catalogue: files written into MOUNT/data and objects added with 'vipfs add'.",
                "Paths start with 'data/' (the writable namespace) or 'added/' (roots from add, car import, demo).",
                "Old versions stay readable by their CID: vipfs cat CID, or MOUNT/CID."},
        subcommands = {CatalogCommand.Ls.class, CatalogCommand.Versions.class})
final class CatalogCommand {

    static NamespaceCatalog namespace() throws Exception {
        VipfsHome home = VipfsHome.resolve();
        home.requireInitialised();
        return NamespaceCatalog.openReadOnly(home.catalogDir());
    }

    /** "data/a/b" → "a/b"; "data" or "" → the namespace root. */
    static String nsPath(String path) throws UserException {
        String p = path.replaceAll("^/+|/+$", "");
        if (p.equals("data")) {
            return "";
        }
        if (!p.startsWith("data/")) {
            throw new UserException("'" + path + "' is not in the namespace; paths look like data/DIR/FILE");
        }
        return p.substring("data/".length());
    }

    /** `vipfs catalog ls [PATH]`. */
    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = {"List catalogued names: '<cid> <size> <versions> <path>' (directories end in '/').",
                    "Without PATH lists 'data/' (top level of the written namespace) and 'added/'.",
                    "Examples: vipfs catalog ls data/docs ; vipfs catalog ls added"})
    static final class Ls implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "PATH")
        String path;

        @Override
        public Integer call() throws Exception {
            try (dev.vipfs.privilege.ActingAs owner = StoreOwner.actAsOwner(VipfsHome.resolve())) {
                return list();
            }
        }

        private Integer list() throws Exception {
            if (path == null || path.isBlank()) {
                System.out.println("data/");
                System.out.println("added/");
                return ExitCodes.OK;
            }
            String p = path.replaceAll("^/+|/+$", "");
            if (p.equals("added")) {
                VipfsHome home = VipfsHome.resolve();
                home.requireInitialised();
                for (Catalog.Entry e : new Catalog(home.catalogDir()).entries()) {
                    System.out.println(e.cid() + " " + e.time() + " " + (e.root() ? "added/" : "other/") + e.name());
                }
                return ExitCodes.OK;
            }
            String ns = nsPath(p);
            try (NamespaceCatalog c = namespace()) {
                NamespaceCatalog.Item item = c.get(ns).orElseThrow(() ->
                        new UserException("no such name in the catalogue: " + path, ExitCodes.FAILED));
                List<NamespaceCatalog.Item> items = item.directory() ? c.list(ns) : List.of(item);
                for (NamespaceCatalog.Item i : items) {
                    if (i.directory()) {
                        System.out.println("- - - data/" + i.path() + "/");
                    } else if (i.symlink()) {
                        System.out.println("- - - data/" + i.path() + " -> " + i.attrs().target());
                    } else if (i.versions().isEmpty()) {
                        System.out.println("- - - data/" + i.path() + " (" + i.attrs().special() + ")");
                    } else {
                        NamespaceCatalog.Version v = i.current().orElseThrow();
                        System.out.println(v.cid() + " " + v.size() + " v" + v.number() + " data/" + i.path());
                    }
                }
            } catch (NamespaceException e) {
                throw new UserException(path + ": " + e.getMessage(), ExitCodes.FAILED);
            }
            return ExitCodes.OK;
        }
    }

    /** `vipfs catalog versions PATH`. */
    @Command(name = "versions", mixinStandardHelpOptions = true,
            description = {"List every version of a written file, oldest first:",
                    "'<version> <time> <size> <cid> <key id:version,…>'. Read an old one with: vipfs cat CID",
                    "Example: vipfs catalog versions data/docs/report.txt"})
    static final class Versions implements Callable<Integer> {
        @Parameters(arity = "1", paramLabel = "PATH")
        String path;

        @Override
        public Integer call() throws Exception {
            try (dev.vipfs.privilege.ActingAs owner = StoreOwner.actAsOwner(VipfsHome.resolve())) {
                return versions();
            }
        }

        private Integer versions() throws Exception {
            String ns = nsPath(path);
            try (NamespaceCatalog c = namespace()) {
                NamespaceCatalog.Item item = c.get(ns).orElseThrow(() ->
                        new UserException("no such name in the catalogue: " + path, ExitCodes.FAILED));
                if (item.directory()) {
                    throw new UserException(path + " is a directory; versions are kept per file", ExitCodes.FAILED);
                }
                for (NamespaceCatalog.Version v : item.versions()) {
                    System.out.println(v.number() + " " + v.time() + " " + v.size() + " " + v.cid() + " "
                            + String.join(",", v.keys()));
                }
            }
            return ExitCodes.OK;
        }
    }
}
