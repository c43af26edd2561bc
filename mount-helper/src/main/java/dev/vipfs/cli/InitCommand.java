package dev.vipfs.cli;

import dev.vipfs.crypto.keys.KeyInfo;
import dev.vipfs.crypto.keys.Keyring;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `vipfs init`: creates the home with config, a key pair, the blockstore and the catalogue. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create a vipfs home (config, key pair, blockstore, catalogue).",
                "Writes config.json, an X25519 key pair (private key mode 0600), the embedded blockstore,",
                "the catalogue and an owner policy for the invoking uid. --store picks the home's default store.",
                "--import-key takes the key from 'vipfs key export-private' instead of generating one, for a second",
                "home (another machine) that reads what the first wrote.",
                "Examples: vipfs init && vipfs add -r ./site",
                "          vipfs --store kubo init --import-key default.key"})
final class InitCommand implements Callable<Integer> {
    @Option(names = "--key-name", defaultValue = "default", description = "name of the first key (default: ${DEFAULT-VALUE})")
    String keyName;

    @Option(names = "--import-key", paramLabel = "FILE", description = "import this exported private key (mode 0600) instead of generating one")
    String importKey;

    @Override
    public Integer call() throws Exception {
        VipfsHome home = VipfsHome.resolve();
        if (home.initialised()) {
            throw new UserException("vipfs home already initialised at " + home.dir());
        }
        Files.createDirectories(home.dir());
        // An existing directory (made by mkdir under umask 022, say) becomes its owner's alone too.
        Files.setPosixFilePermissions(home.dir(), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Config config = new Config();
        config.store = StoreFactory.overridden().orElse("embedded");
        Files.createDirectories(home.blocksDir());
        Files.createDirectories(home.catalogDir());
        Keyring keyring = Keyring.open(home.keysDir());
        KeyInfo key = importKey != null ? KeyCommand.importPrivate(keyring, importKey, null) : keyring.generate(keyName);
        AccessSetup.writeOwnerPolicy(home);
        home.saveConfig(config);
        System.out.println("initialised vipfs home at " + home.dir());
        System.out.println((importKey != null ? "imported key '" : "generated key '") + key.name() + "' (" + key.keyId() + ")");
        return ExitCodes.OK;
    }
}
