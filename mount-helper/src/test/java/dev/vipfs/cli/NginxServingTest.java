package dev.vipfs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.security.auth.module.UnixSystem;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real nginx (workers as www-data, sendfile on) serving decrypted files straight from the mount. */
class NginxServingTest {
    @TempDir
    static Path tmp;
    static Daemon daemon;
    static Process nginx;
    static int port;
    static byte[] big;
    static String root;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(new UnixSystem().getUid() == 0, "needs root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nginx")), "nginx not installed (scripts/test installs it)");
        TestHome home = new TestHome(tmp.resolve("home"));
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<h1>served from vipfs</h1>\n");
        big = new byte[3 * 1024 * 1024 + 99];
        new Random(3).nextBytes(big);
        Files.write(site.resolve("big.bin"), big);
        Files.createDirectories(site.resolve("private"));
        Files.writeString(site.resolve("private/secret.txt"), "not for the web\n");
        root = home.add(site);
        home.policy("site-read", "path \"" + root + "\" {\n  capabilities = [\"read\"]\n}\n"
                + "path \"" + root + "/*\" {\n  capabilities = [\"read\"]\n}\n"
                + "path \"" + root + "/private/*\" {\n  capabilities = [\"deny\"]\n}\n");
        home.identities("identity \"uid:0\" {\n  policies = [\"owner\"]\n}\n"
                + "identity \"user:www-data\" {\n  policies = [\"site-read\"]\n}\n");
        home.openForServiceUsers();
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        daemon = Daemon.start(home.dir, mnt, "--user", "nobody");

        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = tmp.resolve("nginx.conf");
        Files.writeString(conf, String.join("\n",
                "user www-data;",
                "worker_processes 2;",
                "pid " + tmp.resolve("nginx.pid") + ";",
                "error_log " + tmp.resolve("error.log") + " info;",
                "events { worker_connections 64; }",
                "http {",
                "  access_log off;",
                "  sendfile on;",
                "  client_body_temp_path " + tmp.resolve("body") + ";",
                "  proxy_temp_path " + tmp.resolve("proxy") + ";",
                "  default_type application/octet-stream;",
                "  server {",
                "    listen 127.0.0.1:" + port + ";",
                "    root " + mnt.resolve(root) + ";",
                "  }",
                "}", ""));
        nginx = new ProcessBuilder("/usr/sbin/nginx", "-c", conf.toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("nginx.out").toFile()).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                get("/index.html", null);
                break;
            } catch (java.io.IOException e) {
                if (System.currentTimeMillis() > deadline || !nginx.isAlive()) {
                    throw new IllegalStateException("nginx did not start: " + Files.readString(tmp.resolve("nginx.out")), e);
                }
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    static HttpResponse<byte[]> get(String path, String range) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        if (range != null) {
            b.header("Range", range);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesBodiesByteForByte() throws Exception {
        HttpResponse<byte[]> r = get("/big.bin", null);
        assertEquals(200, r.statusCode());
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        assertArrayEquals(md.digest(big), MessageDigest.getInstance("SHA-256").digest(r.body()));
        assertEquals("<h1>served from vipfs</h1>\n", new String(get("/index.html", null).body()));
    }

    @Test
    void rangeRequestsReturnTheRightBytes() throws Exception {
        int from = 1_500_000;
        int to = 1_700_123;
        HttpResponse<byte[]> r = get("/big.bin", "bytes=" + from + "-" + to);
        assertEquals(206, r.statusCode());
        assertArrayEquals(Arrays.copyOfRange(big, from, to + 1), r.body());
    }

    @Test
    void deniedPathIs403AndMissingIs404() throws Exception {
        assertEquals(403, get("/private/secret.txt", null).statusCode());
        assertEquals(404, get("/no-such-file.txt", null).statusCode());
    }
}
