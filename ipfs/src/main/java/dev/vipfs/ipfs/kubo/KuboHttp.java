package dev.vipfs.ipfs.kubo;

import dev.vipfs.ipfs.http.FetchDeadline;
import dev.vipfs.ipfs.http.HttpTransport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.time.Duration;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The HTTP side of Kubo's RPC API: the client (over the unix socket when the API listens on one),
 * endpoint URLs, the auth header, and bounded retries of connection failures only (never of HTTP
 * errors: those reached Kubo), their backoffs within the call's deadline. Thread-safe.
 */
final class KuboHttp implements AutoCloseable {
    private final KuboAddress address;
    private final OkHttpClient client;
    private final boolean ownsClient;
    private final String authorization;
    private final int maxRetries;
    private final Duration initialBackoff;
    private volatile boolean closed;

    KuboHttp(KuboSourceBuilder b, KuboAddress address) {
        this.address = address;
        OkHttpClient timed = HttpTransport.client(b.client, b.connectTimeout, b.readTimeout, b.callTimeout);
        this.client = address.unixSocket().map(path -> timed.newBuilder()
                .socketFactory(new UnixSocketFactory(path))
                // The placeholder host must not reach DNS; the socket factory ignores the address anyway.
                .dns(host -> List.of(InetAddress.getLoopbackAddress()))
                .build()).orElse(timed);
        this.ownsClient = b.client == null;
        this.authorization = b.authorization;
        this.maxRetries = b.maxRetries;
        this.initialBackoff = b.initialBackoff;
    }

    /** The API's client, for another endpoint of the same daemon reached the same way. */
    OkHttpClient client() {
        return client;
    }

    /** The URL of an RPC command, e.g. {@code block/get}, to add query parameters to. */
    HttpUrl.Builder rpc(String command) {
        return address.baseUrl().newBuilder().addPathSegments("api/v0/" + command);
    }

    /** Fails once {@link #close} was called. */
    void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("the Kubo client for " + address + " is closed");
        }
    }

    /** Runs a request once, never retried: for a body that can be sent only once. */
    Response executeOnce(HttpUrl url, RequestBody body) throws IOException {
        return client.newCall(request(url, body)).execute();
    }

    /** Runs a request without an overall deadline (each silence is still bounded by the read timeout). */
    Response execute(HttpUrl url, RequestBody body, String what) throws IOException {
        return execute(url, body, what, FetchDeadline.NONE);
    }

    /**
     * Runs a request, retrying only when no connection could be made (nothing reached Kubo); every
     * attempt, every backoff and the body read within the call share {@code deadline}.
     */
    Response execute(HttpUrl url, RequestBody body, String what, FetchDeadline deadline) throws IOException {
        Request request = request(url, body);
        IOException last = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                deadline.pause(backoff(attempt), what);
            }
            try {
                return deadline.arm(client.newCall(request), what).execute();
            } catch (ConnectException | NoRouteToHostException e) {
                last = e;
            }
        }
        throw new IOException("Kubo API at " + address + " is unreachable (" + what + ", " + (maxRetries + 1)
                + " attempts): " + last.getMessage() + "; is the daemon running?", last);
    }

    @Override
    public void close() {
        closed = true;
        HttpTransport.release(client, ownsClient);
    }

    private Request request(HttpUrl url, RequestBody body) throws IOException {
        ensureOpen();
        return HttpTransport.request(url, authorization).post(body).build();
    }

    private Duration backoff(int attempt) {
        return initialBackoff.multipliedBy(1L << Math.min(attempt - 1, 10));
    }
}
