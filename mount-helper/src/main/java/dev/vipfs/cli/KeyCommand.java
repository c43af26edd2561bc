package dev.vipfs.cli;

import dev.vipfs.crypto.keys.KeyInfo;
import dev.vipfs.crypto.keys.Keyring;
import dev.vipfs.crypto.keys.PrivateKeyFiles;
import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import dev.vipfs.node.VipfsHome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `vipfs key …`: manage the keyring (X25519 keys with versions, as in Vault transit). */
@Command(name = "key", mixinStandardHelpOptions = true,
        description = {"Manage encryption keys (generate, list, rotate, export, import).",
                "New objects are encrypted to the latest version of each recipient key; older versions keep decrypting until the key's minimum decryption version is raised."},
        subcommands = {KeyCommand.Generate.class, KeyCommand.ListKeys.class, KeyCommand.Rotate.class,
                KeyCommand.ExportPublic.class, KeyCommand.ImportPublic.class, KeyCommand.ExportPrivate.class,
                KeyCommand.ImportPrivate.class, KeyCommand.MinVersion.class})
final class KeyCommand {

    static Keyring keyring() throws Exception {
        VipfsHome home = VipfsHome.resolve();
        home.requireInitialised();
        try {
            return Keyring.open(home.keysDir());
        } catch (dev.vipfs.crypto.keys.KeyringException e) {
            throw new UserException(e.getMessage(), ExitCodes.FAILED);
        }
    }

    static UserException unknown(String name, RuntimeException e) {
        return new UserException("key '" + name + "': " + e.getMessage());
    }

    /** `vipfs key generate`. */
    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {"Generate a new X25519 key pair (private key file mode 0600).", "Example: vipfs key generate --name ops"})
    static final class Generate implements Callable<Integer> {
        @Option(names = "--name", defaultValue = "default", description = "key name (default: ${DEFAULT-VALUE})")
        String name;

        @Override
        public Integer call() throws Exception {
            try {
                KeyInfo k = keyring().generate(name);
                System.out.println("generated key '" + k.name() + "' " + k.keyId() + " version " + k.latestVersion());
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw unknown(name, e);
            }
            return ExitCodes.OK;
        }
    }

    /** `vipfs key list`. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys: name, key id, latest and minimum decryption version, private key present.")
    static final class ListKeys implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            System.out.printf("%-16s %-34s %6s %6s %s%n", "NAME", "KEY ID", "LATEST", "MIN", "PRIVATE");
            for (KeyInfo k : keyring().list()) {
                System.out.printf("%-16s %-34s %6d %6d %s%n", k.name(), k.keyId(), k.latestVersion(),
                        k.minDecryptionVersion(), k.hasPrivateKey() ? "yes" : "no (encrypt only)");
            }
            return ExitCodes.OK;
        }
    }

    /** `vipfs key rotate`. */
    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Add a new version of a key; new objects use it, old ones still decrypt.", "Example: vipfs key rotate default"})
    static final class Rotate implements Callable<Integer> {
        @Parameters(arity = "1", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            try {
                KeyInfo k = keyring().rotate(name);
                System.out.println("key '" + k.name() + "' is now at version " + k.latestVersion());
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw unknown(name, e);
            }
            return ExitCodes.OK;
        }
    }

    /** `vipfs key export-public`. */
    @Command(name = "export-public", mixinStandardHelpOptions = true,
            description = {"Print a key's current public key as one line, for 'vipfs key import-public' on a writer node.",
                    "Example: vipfs key export-public default > default.pub"})
    static final class ExportPublic implements Callable<Integer> {
        @Parameters(arity = "1", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            try {
                System.out.println(keyring().exportPublic(name));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw unknown(name, e);
            }
            return ExitCodes.OK;
        }
    }

    /** `vipfs key import-public`. */
    @Command(name = "import-public", mixinStandardHelpOptions = true,
            description = {"Import a public key (from export-public): this node can then encrypt to it, never decrypt.",
                    "New objects are encrypted to it by default (with every other key here). --name stores it under",
                    "another name, e.g. when this home has a 'default' key of its own.",
                    "Examples: vipfs key import-public default.pub",
                    "          vipfs key import-public reader.pub --name reader"})
    static final class ImportPublic implements Callable<Integer> {
        @Parameters(arity = "1", paramLabel = "FILE", description = "file with the exported line, or - for stdin")
        String file;

        @Option(names = "--name", paramLabel = "NAME", description = "store the key under this name (default: its exported name)")
        String name;

        @Override
        public Integer call() throws Exception {
            KeyInfo k = importPublic(keyring(), file, name);
            System.out.println("imported public key '" + k.name() + "' " + k.keyId() + " (version " + k.latestVersion()
                    + "); new objects are encrypted to it");
            return ExitCodes.OK;
        }
    }

    /** Reads an exported public key (a file or - for stdin) and imports it; shared with init --public-key. */
    static KeyInfo importPublic(Keyring keyring, String file, String name) throws Exception {
        String text = readExport(file, false);
        try {
            return keyring.importPublic(text.trim(), name);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserException("cannot import public key: " + e.getMessage());
        }
    }

    /** `vipfs key export-private`. */
    @Command(name = "export-private", mixinStandardHelpOptions = true,
            description = {"Write every version of a key's PRIVATE key to a new file (mode 0600), so another vipfs home",
                    "(another machine) can decrypt what this one wrote: 'vipfs key import-private FILE' there, or",
                    "'vipfs init --import-key FILE' for a new home. The file is the key itself: move it over a secure",
                    "channel and delete it afterwards.",
                    "Example: vipfs key export-private default -o default.key"})
    static final class ExportPrivate implements Callable<Integer> {
        @Parameters(arity = "1", paramLabel = "NAME")
        String name;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "file to create (must not exist)")
        Path output;

        @Override
        public Integer call() throws Exception {
            String line;
            try {
                line = keyring().exportPrivate(name);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw unknown(name, e);
            }
            try {
                PrivateKeyFiles.create(output, (line + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new UserException("refusing to overwrite " + output + "; choose a new file");
            } catch (java.io.IOException e) {
                throw new UserException("cannot write " + output + ": " + e.getMessage());
            }
            System.out.println("wrote the private key '" + name + "' to " + output + " (mode 0600)");
            return ExitCodes.OK;
        }
    }

    /** `vipfs key import-private`. */
    @Command(name = "import-private", mixinStandardHelpOptions = true,
            description = {"Import a private key written by 'vipfs key export-private' on another home; this node can then",
                    "decrypt everything encrypted to that key (all its versions). The file must be mode 0600.",
                    "Importing into a public-only key of the same key id makes it a full key.",
                    "Example: vipfs key import-private default.key"})
    static final class ImportPrivate implements Callable<Integer> {
        @Parameters(arity = "1", paramLabel = "FILE", description = "the exported file (mode 0600), or - for stdin")
        String file;

        @Option(names = "--name", paramLabel = "NAME", description = "store the key under this name (default: its exported name)")
        String name;

        @Override
        public Integer call() throws Exception {
            KeyInfo k = importPrivate(keyring(), file, name);
            System.out.println("imported private key '" + k.name() + "' " + k.keyId() + " (versions 1-" + k.latestVersion() + ")");
            return ExitCodes.OK;
        }
    }

    /** Reads an exported private key (refusing files others can read) and imports it; shared with init --import-key. */
    static KeyInfo importPrivate(Keyring keyring, String file, String name) throws Exception {
        String text = readExport(file, true);
        try {
            return keyring.importPrivate(text.trim(), name);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserException("cannot import private key: " + e.getMessage());
        }
    }

    /** An exported key line from a file or stdin (-); a private key file others could read is refused. */
    private static String readExport(String file, boolean privateKey) throws Exception {
        if (file.equals("-")) {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path p = Path.of(file);
        try {
            String exposed = privateKey ? PrivateKeyFiles.exposedMode(p) : null;
            if (exposed != null) {
                throw new UserException("REFUSING to import " + p + ": its mode is " + exposed
                        + " but a private key file must be rw------- (0600); others may have read it."
                        + " Fix with 'chmod 600 " + p + "' if that is not so, else generate a new key.");
            }
            return Files.readString(p);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserException("cannot import " + p + ": no such file");
        } catch (java.io.IOException e) {
            throw new UserException("cannot read " + p + ": " + e.getMessage());
        }
    }

    /** `vipfs key min-version`. */
    @Command(name = "min-version", mixinStandardHelpOptions = true,
            description = {"Set a key's minimum decryption version: objects sealed to older versions stop decrypting",
                    "until rewrapped ('vipfs rewrap'). Example: vipfs key min-version default 2"})
    static final class MinVersion implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "VERSION")
        int version;

        @Override
        public Integer call() throws Exception {
            try {
                keyring().setMinDecryptionVersion(name, version);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw unknown(name, e);
            }
            System.out.println("key '" + name + "' now decrypts versions >= " + version);
            return ExitCodes.OK;
        }
    }
}
