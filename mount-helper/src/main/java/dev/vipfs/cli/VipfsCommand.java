package dev.vipfs.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level `vipfs` command. */
@Command(name = "vipfs", mixinStandardHelpOptions = true, version = "vipfs 0.1.0",
        description = {"A FUSE filesystem that decrypts IPFS content on access.",
                "State lives in $VIPFS_HOME (default ~/.vipfs); start with 'vipfs init'."},
        subcommands = {InitCommand.class, AddCommand.class, CatCommand.class, LsCommand.class,
                MountCommand.class, UmountCommand.class, KeyCommand.class, RewrapCommand.class, PolicyCommand.class, IdentityCommand.class, AuditCommand.class,
                CarCommand.class, DemoCommand.class, CatalogCommand.class,
                picocli.CommandLine.HelpCommand.class})
public final class VipfsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--home", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "vipfs home directory (default: $VIPFS_HOME or ~/.vipfs)")
    void setHome(Path dir) {
        VipfsHome.override(dir);
    }

    @Option(names = "--store", scope = ScopeType.INHERIT, paramLabel = "STORE",
            description = "block store for this command: embedded, kubo or gateway (default: config.json's)")
    void setStore(String store) {
        StoreFactory.override(store);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
