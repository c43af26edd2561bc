package dev.vipfs.ipfs.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bulk download without Okio's per-read watchdog is still bounded by the read timeout, and the
 * connection it used keeps its timeouts for the next request. The server is a plain socket: on one
 * connection it answers the first request whole and the second with 4 KiB of 1 MiB, then stalls.
 */
class BulkStreamTest {
    private static final Duration READ_TIMEOUT = Duration.ofMillis(300);
    private final byte[] body = new byte[3 << 20];
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicInteger connections = new AtomicInteger();
    private ServerSocket server;
    private OkHttpClient client;

    @BeforeEach
    void start() throws IOException {
        new Random(16).nextBytes(body);
        server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::serve, "bulk-stream-test-server");
        t.setDaemon(true);
        t.start();
        client = HttpTransport.client(null, Duration.ofSeconds(5), READ_TIMEOUT, Duration.ZERO);
    }

    @AfterEach
    void stop() throws IOException {
        done.countDown();
        server.close();
        HttpTransport.release(client, true);
    }

    private void serve() {
        try (Socket s = server.accept()) {
            connections.incrementAndGet();
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            skipRequest(in);
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            skipRequest(in);
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + (1 << 20) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[4096]);
            out.flush();
            done.await();
        } catch (IOException | InterruptedException e) {
            // The test ended.
        }
    }

    private static void skipRequest(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    private Response get(String path) throws IOException {
        return client.newCall(new Request.Builder().url("http://127.0.0.1:" + server.getLocalPort() + path).build()).execute();
    }

    @Test
    void theWholeBodyArrivesAndAStallAfterItTimesOutOnTheSameConnection() throws Exception {
        try (Response r = get("/a"); InputStream in = HttpTransport.bulkStream(r.body())) {
            assertArrayEquals(body, in.readAllBytes());
        }
        try (Response r = get("/b")) {
            InputStream in = r.body().byteStream();
            assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(SocketTimeoutException.class, () -> in.readNBytes(1 << 20)));
        }
        assertEquals(1, connections.get(), "the second request reused the first one's connection");
    }

    @Test
    void aBulkStreamThatStallsMidBodyStillTimesOut() throws Exception {
        try (Response r = get("/a"); InputStream in = HttpTransport.bulkStream(r.body())) {
            assertArrayEquals(body, in.readAllBytes());
        }
        try (Response r = get("/b"); InputStream in = HttpTransport.bulkStream(r.body())) {
            long start = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(SocketTimeoutException.class, () -> in.readNBytes(1 << 20)));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 5, "took " + seconds + " s");
        }
    }
}
