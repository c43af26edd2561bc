package dev.vipfs.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vipfs.exit.ExitCodes;
import dev.vipfs.exit.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The state directory ($VIPFS_HOME, default ~/.vipfs) and the well-known paths inside it. */
public final class VipfsHome {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static volatile Path override;

    private final Path dir;

    private VipfsHome(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** Set by the global --home option. */
    public static void override(Path dir) {
        override = dir;
    }

    public static VipfsHome resolve() {
        if (override != null) {
            return new VipfsHome(override);
        }
        String env = System.getenv("VIPFS_HOME");
        if (env != null && !env.isBlank()) {
            return new VipfsHome(Path.of(env));
        }
        return new VipfsHome(Path.of(System.getProperty("user.home"), ".vipfs"));
    }

    public static VipfsHome at(Path dir) {
        return new VipfsHome(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path configFile() {
        return dir.resolve("config.json");
    }

    public Path keysDir() {
        return dir.resolve("keys");
    }

    public Path blocksDir() {
        return dir.resolve("blocks");
    }

    public Path catalogDir() {
        return dir.resolve("catalog");
    }

    public Path policiesDir() {
        return dir.resolve("policies");
    }

    public Path auditLog(Config config) {
        Path p = Path.of(config.auditLog);
        return p.isAbsolute() ? p : dir.resolve(p);
    }

    public boolean initialised() {
        return Files.isRegularFile(configFile());
    }

    /** Fails with the fix in the message when `vipfs init` has not been run. */
    public void requireInitialised() throws UserException {
        if (!initialised()) {
            throw new UserException("no vipfs home at " + dir + " (run: vipfs init, or set VIPFS_HOME)");
        }
    }

    /** Flags of this run that override config.json keys; reset by Main for every run. */
    private static ConfigOverrides configFlags;

    public static void configFlags(ConfigOverrides flags) {
        configFlags = flags;
    }

    public Config loadConfig() throws UserException {
        requireInitialised();
        try {
            Config config = JSON.readValue(configFile().toFile(), Config.class);
            if (configFlags != null) {
                configFlags.applyTo(config); // `vipfs mount --segment-cache-mib` & co. for this run
            }
            return config;
        } catch (JsonProcessingException e) {
            throw new UserException("invalid " + configFile() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UserException("cannot read " + configFile() + ": " + e.getMessage(), ExitCodes.FAILED);
        }
    }

    public void saveConfig(Config config) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve("config.json.tmp");
        Files.deleteIfExists(tmp);
        // Created 0600 (it may hold kubo_auth), not chmod'ed after: never readable by others, not even briefly.
        try (java.io.OutputStream out = java.nio.channels.Channels.newOutputStream(Files.newByteChannel(tmp,
                java.util.EnumSet.of(java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE),
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))))) {
            JSON.writeValue(out, config);
        }
        Files.move(tmp, configFile(), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
