package dev.vipfs.cli;



import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import dev.vipfs.ipfs.testkit.KuboDaemon;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #20's acceptance test: three Kubo daemons in a private swarm on loopback. Node A writes
 * into MOUNT/data with --publish; node B, holding the same private key, serves MOUNT/ipns/<A's
 * key>/ through nginx and follows A's next write within the record's TTL without a restart; node C,
 * in the swarm without the private key, gets ENOKEY; a Kubo without the swarm key cannot connect.
 */
class IpnsSwarmTest {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path tmp;
    static SwarmNode a;
    static SwarmNode b;
    static SwarmNode c;
    static SwarmNode outsider;
    static Daemon mountA;
    static Daemon mountB;
    static Daemon mountC;
    static Process nginx;
    static int port;
    static String name;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root (FUSE mounts, nginx as www-data)");
        assumeTrue(Files.isExecutable(KuboDaemon.DEFAULT_BINARY) || System.getenv("VIPFS_KUBO") != null,
                "Kubo not built (scripts/ensure-kubo)");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        String swarmKey = "/key/swarm/psk/1.0.0/\n/base16/\n" + HexFormat.of().formatHex(SecureRandom.getSeed(32)) + "\n";
        a = SwarmNode.start(Files.createDirectories(tmp.resolve("kubo-a")), swarmKey);
        b = SwarmNode.start(Files.createDirectories(tmp.resolve("kubo-b")), swarmKey);
        c = SwarmNode.start(Files.createDirectories(tmp.resolve("kubo-c")), swarmKey);
        outsider = SwarmNode.start(Files.createDirectories(tmp.resolve("kubo-outsider")), null);
        b.connect(a);
        c.connect(a);
        c.connect(b);
        name = a.ipfs("key", "gen", "--type=ed25519", "--ipns-base=base36", "site");

        Path homeA = tmp.resolve("home-a");
        run("--home", homeA.toString(), "init");
        useKubo(homeA, a);
        Path key = tmp.resolve("default.key");
        run("--home", homeA.toString(), "key", "export-private", "default", "-o", key.toString());
        Path pub = tmp.resolve("default.pub");
        CliRunner.Result exported = CliRunner.run("--home", homeA.toString(), "key", "export-public", "default");
        assertEquals(0, exported.code(), exported.err());
        Files.writeString(pub, exported.out());
        Path homeB = tmp.resolve("home-b");
        run("--home", homeB.toString(), "init", "--import-key", key.toString());
        useKubo(homeB, b);
        Files.writeString(homeB.resolve("policies/web.hcl"), "path \"ipns/*\" {\n  capabilities = [\"read\"]\n}\n");
        Files.writeString(homeB.resolve("identities.hcl"), Files.readString(homeB.resolve("identities.hcl"))
                + "identity \"user:www-data\" {\n  policies = [\"web\"]\n}\n");
        Path homeC = tmp.resolve("home-c");
        run("--home", homeC.toString(), "init", "--public-key", pub.toString());
        useKubo(homeC, c);

        mountA = Daemon.start(homeA, Files.createDirectories(tmp.resolve("mnt-a")), "--stay-root", "--publish", "site");
        mountB = Daemon.start(homeB, Files.createDirectories(tmp.resolve("mnt-b")), "--stay-root", "--read-only",
                "--allow-other");
        mountC = Daemon.start(homeC, Files.createDirectories(tmp.resolve("mnt-c")), "--stay-root", "--read-only");
        startNginx(mountB.mountpoint.resolve("ipns").resolve(name));
    }

    static void run(String... args) {
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
    }

    static void useKubo(Path home, SwarmNode node) throws Exception {
        String api = node.api();
        String gateway = node.gateway();
        TestHome.configure(home, config -> {
            config.put("store", "kubo");
            config.put("kubo_api", api);
            config.put("kubo_gateway", gateway);
        });
    }

    static void startNginx(Path root) throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = tmp.resolve("nginx.conf");
        Files.writeString(conf, String.join("\n",
                "user www-data;", "worker_processes 1;", "pid " + tmp.resolve("nginx.pid") + ";",
                "error_log " + tmp.resolve("error.log") + " info;", "events { worker_connections 16; }",
                "http {", "  access_log off;", "  sendfile on;",
                "  client_body_temp_path " + tmp.resolve("body") + ";", "  proxy_temp_path " + tmp.resolve("proxy") + ";",
                "  server {", "    listen 127.0.0.1:" + port + ";", "    root " + root + ";", "  }", "}", ""));
        nginx = new ProcessBuilder("/usr/sbin/nginx", "-c", conf.toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("nginx.out").toFile()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
        for (AutoCloseable x : new AutoCloseable[] {mountC, mountB, mountA, outsider, c, b, a}) {
            if (x != null) {
                x.close();
            }
        }
    }

    static String get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "HTTP " + r.statusCode();
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }

    /** Polls nginx until it serves {@code expected}; returns how long that took. */
    static Duration awaitServed(String path, String expected, Duration limit) throws Exception {
        long start = System.nanoTime();
        String last = null;
        while (System.nanoTime() - start < limit.toNanos()) {
            last = get(path);
            if (expected.equals(last)) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("nginx did not serve '" + expected.trim() + "' at " + path + " within " + limit
                + " (last: " + last + ")\nmount B log:\n" + mountB.output() + "\nmount A log:\n" + mountA.output());
    }

    @Test
    void nodeBFollowsNodeAsWritesThroughNginxAndNodeCHasNoKey() throws Exception {
        Path dataA = mountA.mountpoint.resolve("data");
        Files.writeString(dataA.resolve("index.html"), "<h1>first</h1>\n");
        // The first publish, the DHT put and B's first fetch.
        awaitServed("/index.html", "<h1>first</h1>\n", Duration.ofSeconds(90));

        Files.writeString(dataA.resolve("index.html"), "<h1>second</h1>\n");
        // A publishes within its 3 s interval; B re-resolves once the 30 s TTL of the record it holds ends.
        Duration seen = awaitServed("/index.html", "<h1>second</h1>\n", Duration.ofSeconds(PublishOnCommit.TTL.toSeconds() + 30));
        System.out.println("IpnsSwarmTest: node B served node A's second write after " + seen.toMillis() + " ms");

        Process cat = new ProcessBuilder("cat", mountC.mountpoint.resolve("ipns").resolve(name).resolve("index.html").toString())
                .redirectErrorStream(true).start();
        String out = new String(cat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cat.waitFor(60, TimeUnit.SECONDS));
        assertTrue(cat.exitValue() != 0 && out.contains("Required key not available"), out);
    }

    @Test
    void aKuboWithoutTheSwarmKeyCannotConnect() {
        IOException e = assertThrows(IOException.class, () -> outsider.connect(a));
        assertTrue(e.getMessage().contains("failed"), e.getMessage());
    }
}
