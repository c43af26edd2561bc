package dev.vipfs.ipfs.http;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vipfs.ipfs.block.FetchTimeoutException;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multihash;
import dev.vipfs.ipfs.kubo.KuboBlockSource;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fetch timeout bounds a block read across its retries, not each attempt. */
class FetchDeadlineTest {
    private static final Cid CID = Cid.v1(0x55, Multihash.sha256("x".getBytes(StandardCharsets.UTF_8)));

    @Test
    void kuboRetriesStopAtTheDeadline() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: every connect is refused, and retried
        }
        try (KuboBlockSource k = KuboBlockSource.builder().address("http://127.0.0.1:" + port)
                .retries(10, Duration.ofMillis(400)).fetchTimeout(Duration.ofSeconds(1)).build()) {
            long start = System.nanoTime();
            FetchTimeoutException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> assertThrows(FetchTimeoutException.class, () -> k.get(CID)));
            double seconds = (System.nanoTime() - start) / 1e9;
            // Ten retries with doubling backoff would take minutes.
            assertTrue(seconds < 2, "took " + seconds + " s");
            assertTrue(e.getMessage().contains("fetch timeout of 1 s"), e.getMessage());
        }
    }

    @Test
    void aSpentDeadlineRefusesToStartAnotherCall() throws Exception {
        FetchDeadline spent = FetchDeadline.after(Duration.ofNanos(1));
        okhttp3.OkHttpClient client = new okhttp3.OkHttpClient();
        okhttp3.Call call = client.newCall(new okhttp3.Request.Builder().url("http://127.0.0.1:9/").build());
        assertThrows(FetchTimeoutException.class, () -> spent.arm(call, "test"));
        FetchDeadline.NONE.arm(call, "test"); // no bound, nothing to refuse
    }
}
