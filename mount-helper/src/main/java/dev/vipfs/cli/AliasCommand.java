package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.node.StoreOwner;
import dev.vipfs.node.VipfsHome;

import dev.vipfs.fs.alias.Alias;
import dev.vipfs.fs.alias.AliasStore;
import dev.vipfs.privilege.ActingAs;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `vipfs alias …`: stable local names for trees, served as MOUNT/by-name/NAME. */
@Command(name = "alias", mixinStandardHelpOptions = true,
        description = {"Name a tree: MOUNT/by-name/NAME is a directory showing the CID or IPNS name it is set to.",
                "A running mount sees every change at the next lookup; policies see by-name/NAME/<path> and the",
                "content's own CID path, and a rule on the CID path refuses under the alias too.",
                "Stored in $VIPFS_HOME/catalog/aliases.json."},
        subcommands = {AliasCommand.Set.class, AliasCommand.Rm.class, AliasCommand.Ls.class})
final class AliasCommand {

    static AliasStore store(VipfsHome home) throws UserException {
        home.requireInitialised();
        return new AliasStore(home.catalogDir());
    }

    /** `vipfs alias set NAME TARGET`. */
    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Point NAME at a CID or an IPNS name (replacing what it pointed to).",
                    "Examples: vipfs alias set site bafy… ; vipfs alias set blog /ipns/k51…"})
    static final class Set implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "CID|/ipns/NAME")
        String target;

        @Override
        public Integer call() throws Exception {
            Alias alias;
            try {
                alias = Alias.of(name, target);
            } catch (Alias.InvalidAliasException e) {
                throw new UserException(e.getMessage());
            }
            VipfsHome home = VipfsHome.resolve();
            Optional<Alias> old;
            try (ActingAs owner = StoreOwner.actAsOwner(home)) {
                old = store(home).set(alias);
            }
            System.out.println("by-name/" + alias.name() + " -> " + alias.target()
                    + old.map(o -> " (was " + o.target() + ")").orElse(""));
            return ExitCodes.OK;
        }
    }

    /** `vipfs alias rm NAME`. */
    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove an alias (its content stays).")
    static final class Rm implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            VipfsHome home = VipfsHome.resolve();
            try (ActingAs owner = StoreOwner.actAsOwner(home)) {
                if (!store(home).remove(name)) {
                    throw new UserException("no alias named '" + name + "' (vipfs alias ls)");
                }
            }
            return ExitCodes.OK;
        }
    }

    /** `vipfs alias ls`. */
    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List aliases as 'NAME TARGET'.")
    static final class Ls implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            VipfsHome home = VipfsHome.resolve();
            try (ActingAs owner = StoreOwner.actAsOwner(home)) {
                for (Alias a : store(home).all().values()) {
                    System.out.println(a.name() + " " + a.target());
                }
            }
            return ExitCodes.OK;
        }
    }
}
