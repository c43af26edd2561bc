package dev.vipfs.cli;

import dev.vipfs.crypto.keys.KeyInfo;
import dev.vipfs.crypto.keys.Keyring;
import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.node.AccessSetup;
import dev.vipfs.node.Config;
import dev.vipfs.node.StoreFactory;
import dev.vipfs.node.VipfsHome;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `vipfs init`: creates the home with config, a key pair (or only a public key), the blockstore and the catalogue. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create a vipfs home (config, key pair, blockstore, catalogue).",
                "Writes config.json, an X25519 key pair (private key mode 0600), the embedded blockstore,",
                "the catalogue and an owner policy for the invoking uid. --store picks the home's default store.",
                "--import-key takes the key from 'vipfs key export-private' instead of generating one, for a second",
                "home (another machine) that reads what the first wrote.",
                "--public-key makes a producer home: no private key at all, only the public key from",
                "'vipfs key export-public' on the reader's home; everything added here is encrypted to it and",
                "cannot be read back here.",
                "Examples: vipfs init && vipfs add -r ./site",
                "          vipfs --store kubo init --import-key default.key",
                "          vipfs init --public-key reader.pub"})
final class InitCommand implements Callable<Integer> {
    @Option(names = "--key-name", paramLabel = "NAME",
            description = "name of the first key (default: 'default' for a generated key, the exported name for an imported one)")
    String keyName;

    @Option(names = "--import-key", paramLabel = "FILE", description = "import this exported private key (mode 0600) instead of generating one")
    String importKey;

    @Option(names = "--public-key", paramLabel = "FILE",
            description = "import this exported public key (from 'vipfs key export-public', or - for stdin) and create no private key")
    String publicKey;

    @Override
    public Integer call() throws Exception {
        VipfsHome home = VipfsHome.resolve();
        if (home.initialised()) {
            throw new UserException("vipfs home already initialised at " + home.dir());
        }
        if (importKey != null && publicKey != null) {
            throw new UserException("--import-key and --public-key exclude each other: a home starts with a private key or with none");
        }
        Files.createDirectories(home.dir());
        // An existing directory (made by mkdir under umask 022, say) becomes its owner's alone too.
        Files.setPosixFilePermissions(home.dir(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Config config = new Config();
        config.store = StoreFactory.overridden().orElse("embedded");
        Files.createDirectories(home.blocksDir());
        Files.createDirectories(home.catalogDir());
        Keyring keyring = Keyring.open(home.keysDir());
        KeyInfo key;
        String what;
        if (importKey != null) {
            key = KeyCommand.importPrivate(keyring, importKey, keyName);
            what = "imported key '";
        } else if (publicKey != null) {
            key = KeyCommand.importPublic(keyring, publicKey, keyName);
            what = "imported public key '";
        } else {
            key = keyring.generate(keyName != null ? keyName : "default");
            what = "generated key '";
        }
        AccessSetup.writeOwnerPolicy(home);
        home.saveConfig(config);
        System.out.println("initialised vipfs home at " + home.dir());
        System.out.println(what + key.name() + "' (" + key.keyId() + ")");
        if (publicKey != null) {
            System.out.println("no private key here: this home encrypts to '" + key.name()
                    + "' and cannot read what it adds; the reader imports the blocks (vipfs car export / car import)");
        }
        return ExitCodes.OK;
    }
}
