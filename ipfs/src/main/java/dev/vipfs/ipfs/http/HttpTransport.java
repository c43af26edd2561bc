package dev.vipfs.ipfs.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import okio.Okio;

/**
 * The HTTP plumbing the Kubo and gateway sources share, so both build clients, bound what a server
 * may send and release their threads the same way. Protocol meaning (what a status or an error
 * reply says about a block) stays with each source.
 */
public final class HttpTransport {
    /** Enough of an error reply for any message Kubo or a gateway writes; more is a hostile server. */
    public static final int MAX_ERROR_BODY = 64 * 1024;

    private HttpTransport() {
    }

    /**
     * A client with these timeouts, sharing {@code shared}'s connection pool and dispatcher when given
     * (then {@link #release} leaves them alone), else with pools of its own. A zero call timeout means none;
     * writes are bounded like reads.
     */
    public static OkHttpClient client(OkHttpClient shared, Duration connect, Duration read, Duration call) {
        return (shared != null ? shared : new OkHttpClient()).newBuilder()
                .connectTimeout(connect)
                .readTimeout(read)
                .writeTimeout(read)
                .callTimeout(call)
                .build();
    }

    /** Stops an owned client's dispatcher threads and closes its idle connections; a shared one is left alone. */
    public static void release(OkHttpClient client, boolean owned) {
        if (owned) {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    /** A request for {@code url} with an {@code Authorization} header when {@code authorization} is not null. */
    public static Request.Builder request(HttpUrl url, String authorization) {
        Request.Builder rb = new Request.Builder().url(url);
        if (authorization != null) {
            rb.header("Authorization", authorization);
        }
        return rb;
    }

    /** Parses an http(s) base URL, or throws {@link IllegalArgumentException} saying what it was for. */
    public static HttpUrl baseUrl(String url, String what) {
        HttpUrl parsed = HttpUrl.parse(Objects.requireNonNull(url, what).trim());
        if (parsed == null) {
            throw new IllegalArgumentException("'" + url + "' is not an http(s) URL for " + what);
        }
        return parsed;
    }

    /**
     * The whole body, at most {@code max} bytes ({@code what} names it in the error); an absent body is
     * empty. Reads one byte past the bound, never the declared length, so a lying server costs nothing.
     *
     * @throws BodyTooLargeException past {@code max} bytes
     */
    public static byte[] readBounded(ResponseBody body, int max, String what) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        try (InputStream in = body.byteStream()) {
            byte[] data = in.readNBytes(max + 1);
            if (data.length > max) {
                throw new BodyTooLargeException(what + " exceeds " + max + " bytes");
            }
            return data;
        }
    }

    /**
     * The body of a long download (a CAR, a file's content) as a stream, each read still bounded by
     * the client's read timeout, which OkHttp also sets on the socket, but without Okio's watchdog:
     * that arms a timer and wakes the watchdog thread for every read of at most 8 KiB, which cost
     * more CPU than the reads themselves on a GiB from Kubo (docs/benchmarks.md, issue #16, session 4).
     * The connection gets its timeouts back for its next request.
     */
    public static InputStream bulkStream(ResponseBody body) {
        body.source().timeout().clearTimeout();
        return body.byteStream();
    }

    /** The text of a failed reply, bounded; never fails (an unreadable body is described instead). */
    public static String errorText(Response r) {
        try {
            return new String(readBounded(r.body(), MAX_ERROR_BODY, "error reply"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no readable error body: " + e.getMessage() + ")";
        }
    }

    /** A one-shot request body streamed from {@code content}, which the caller keeps open and closes. */
    public static RequestBody streamed(InputStream content, MediaType type) {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return type;
            }

            @Override
            public boolean isOneShot() {
                return true;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.writeAll(Okio.source(new FilterInputStream(content) {
                    @Override
                    public void close() {
                        // OkHttp closes what it wrote; the stream is the caller's.
                    }
                }));
            }
        };
    }
}
