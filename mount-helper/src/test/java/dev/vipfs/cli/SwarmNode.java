package dev.vipfs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vipfs.ipfs.testkit.KuboDaemon;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One online Kubo daemon of a private swarm on loopback (docs/swarm.md): the test profile's
 * 127.0.0.1 addresses, no bootstrap peers, no AutoConf, Routing.Type dhtserver, and, when given a
 * swarm key, LIBP2P_FORCE_PNET=1 so it refuses to run without one.
 */
final class SwarmNode implements AutoCloseable {
    private static final Pattern GATEWAY = Pattern.compile("Gateway server listening on /ip4/([0-9.]+)/tcp/(\\d+)");
    private static final Pattern SWARM = Pattern.compile("Swarm listening on ([0-9.]+):(\\d+)");

    final Path repo;
    final String peerId;
    private final Process process;
    private final String gateway;
    private final String swarmAddress;

    private SwarmNode(Path repo, Process process, String peerId, String gateway, String swarmAddress) {
        this.repo = repo;
        this.process = process;
        this.peerId = peerId;
        this.gateway = gateway;
        this.swarmAddress = swarmAddress;
    }

    /** @param swarmKey the swarm.key text, or null for a node outside the private swarm */
    static SwarmNode start(Path repo, String swarmKey) throws Exception {
        run(repo, "init", "--profile=test", "--empty-repo");
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(repo.resolve("config").toFile());
        config.putArray("Bootstrap");
        config.withObjectProperty("Routing").put("Type", "dhtserver");
        config.withObjectProperty("AutoConf").put("Enabled", false);
        json.writeValue(repo.resolve("config").toFile(), config);
        if (swarmKey != null) {
            Files.writeString(repo.resolve("swarm.key"), swarmKey);
        }
        Path log = repo.resolve("daemon.log");
        ProcessBuilder pb = new ProcessBuilder(KuboDaemon.binary().toString(), "daemon")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("IPFS_PATH", repo.toString());
        // One TCP listener per transport: a private network cannot share it with websockets.
        pb.environment().put("LIBP2P_TCP_MUX", "false");
        if (swarmKey != null) {
            pb.environment().put("LIBP2P_FORCE_PNET", "1");
        }
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String out = Files.readString(log);
            Matcher g = GATEWAY.matcher(out);
            Matcher s = SWARM.matcher(out);
            if (out.contains("Daemon is ready") && g.find() && s.find()) {
                String id = run(repo, "id", "-f=<id>").trim();
                return new SwarmNode(repo, p, id, "http://" + g.group(1) + ":" + g.group(2),
                        "/ip4/" + s.group(1) + "/tcp/" + s.group(2) + "/p2p/" + id);
            }
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException("Kubo in " + repo + " did not start:\n" + out);
            }
            Thread.sleep(100);
        }
    }

    String api() throws IOException {
        return Files.readString(repo.resolve("api")).trim();
    }

    String gateway() {
        return gateway;
    }

    /** Dials {@code other}; throws when the swarm refuses the connection. */
    void connect(SwarmNode other) throws IOException {
        run(repo, "swarm", "connect", "--timeout=15s", other.swarmAddress);
    }

    String ipfs(String... args) throws IOException {
        return run(repo, args).trim();
    }

    private static String run(Path repo, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(KuboDaemon.binary().toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("IPFS_PATH", repo.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("ipfs " + String.join(" ", args) + " failed: " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: ipfs " + String.join(" ", args));
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
