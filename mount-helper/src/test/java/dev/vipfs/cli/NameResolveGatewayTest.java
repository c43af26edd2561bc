package dev.vipfs.cli;

import dev.vipfs.exit.ExitCodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.vipfs.ipfs.ipns.IpnsName;
import dev.vipfs.ipfs.ipns.IpnsRecordWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `vipfs --store gateway name resolve` against a gateway that serves whatever record it likes: a
 * record signed by the name's key is believed, a forged or expired one is refused with the reason.
 */
class NameResolveGatewayTest {
    static final String CID = "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354";

    @TempDir
    static Path tmp;
    static HttpServer gateway;
    static final AtomicReference<byte[]> served = new AtomicReference<>();
    static final Ed25519PrivateKeyParameters KEY = new Ed25519PrivateKeyParameters(new SecureRandom());
    static final IpnsName NAME = IpnsName.of(KEY.generatePublicKey().getEncoded());
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/ipns/", ex -> {
            byte[] body = served.get();
            boolean asked = ex.getRequestURI().getPath().equals("/ipns/" + NAME)
                    && "format=ipns-record".equals(ex.getRequestURI().getQuery());
            if (body == null || !asked) {
                ex.sendResponseHeaders(404, -1);
            } else {
                ex.getResponseHeaders().add("Content-Type", "application/vnd.ipfs.ipns-record");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        gateway.start();
        home = tmp.resolve("home");
        assertEquals(0, CliRunner.run("--home", home.toString(), "init").code());
        TestHome.configure(home, config -> {
            config.put("store", "gateway");
            config.putArray("gateways").add("http://127.0.0.1:" + gateway.getAddress().getPort());
        });
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.stop(0);
        }
    }

    static CliRunner.Result resolve() {
        return CliRunner.run("--home", home.toString(), "name", "resolve", NAME.toString());
    }

    static byte[] record(Instant eol) {
        return IpnsRecordWriter.sign(KEY, "/ipfs/" + CID, 1, eol, Duration.ofSeconds(30));
    }

    @Test
    void aSignedRecordResolvesAForgedOrExpiredOneFailsWithTheReason() {
        served.set(record(Instant.now().plusSeconds(3600)));
        CliRunner.Result ok = resolve();
        assertEquals(0, ok.code(), ok.err());
        assertEquals("/ipfs/" + CID, ok.out().trim());

        byte[] forged = record(Instant.now().plusSeconds(3600));
        forged[forged.length - 3] ^= 0x20; // inside the signed DAG-CBOR data
        served.set(forged);
        CliRunner.Result bad = resolve();
        assertEquals(ExitCodes.FAILED, bad.code());
        assertTrue(bad.err().contains("forged"), bad.err());
        assertTrue(!bad.err().contains("\tat "), "no stack trace: " + bad.err());

        served.set(record(Instant.now().minusSeconds(1)));
        CliRunner.Result expired = resolve();
        assertEquals(ExitCodes.FAILED, expired.code());
        assertTrue(expired.err().contains("expired at"), expired.err());

        served.set(null);
        CliRunner.Result missing = resolve();
        assertEquals(ExitCodes.FAILED, missing.code());
        assertTrue(missing.err().contains("no gateway had a record"), missing.err());
    }
}
