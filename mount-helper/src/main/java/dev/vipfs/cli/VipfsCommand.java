package dev.vipfs.cli;

import dev.vipfs.node.StoreFactory;
import dev.vipfs.node.VipfsHome;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level `vipfs` command. */
@Command(name = "vipfs", mixinStandardHelpOptions = true, versionProvider = VipfsCommand.Version.class,
        description = {"A FUSE filesystem that decrypts IPFS content on access.",
                "State lives in $VIPFS_HOME (default ~/.vipfs); start with 'vipfs init'."},
        subcommands = {InitCommand.class, AddCommand.class, CatCommand.class, LsCommand.class,
                MountCommand.class, UmountCommand.class, KeyCommand.class, RewrapCommand.class, PolicyCommand.class, IdentityCommand.class, AuditCommand.class,
                CarCommand.class, DemoCommand.class, CatalogCommand.class, StatusCommand.class, ReloadCommand.class,
                AliasCommand.class, NameCommand.class,
                CompletionCommand.class, ManCommand.class,
                picocli.CommandLine.HelpCommand.class})
public final class VipfsCommand implements Runnable {
    /** `vipfs --version`: the project version Maven wrote into version.properties at build time. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.io.IOException {
            return new String[] {"vipfs " + of()};
        }

        /** The build's version, or "unknown" when the properties are missing or were not filtered (an IDE build). */
        static String of() throws java.io.IOException {
            java.util.Properties p = new java.util.Properties();
            try (java.io.InputStream in = VipfsCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            String v = p.getProperty("version", "");
            return v.isBlank() || v.contains("${") ? "unknown" : v;
        }
    }

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

    /** Read by LogSetup before picocli runs (slf4j fixes its level at the first logger); declared here for --help and parsing. */
    @Option(names = "--log-level", scope = ScopeType.INHERIT, paramLabel = "LEVEL",
            description = "daemon log level: error, warn (default), info (adds each denial with its rule), debug, trace"
                    + " (or $VIPFS_LOG_LEVEL)")
    void setLogLevel(String level) {
        if (!LogSetup.LEVELS.contains(level.toLowerCase(java.util.Locale.ROOT))) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--log-level must be one of " + String.join(", ", LogSetup.LEVELS) + ", not '" + level + "'");
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
