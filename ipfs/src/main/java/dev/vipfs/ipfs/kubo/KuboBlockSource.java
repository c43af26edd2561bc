package dev.vipfs.ipfs.kubo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vipfs.ipfs.block.BlockNotFoundException;
import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.block.BlockVerifier;
import dev.vipfs.ipfs.block.DagExporter;
import dev.vipfs.ipfs.block.IntegrityException;
import dev.vipfs.ipfs.car.CarReader;
import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

/**
 * A {@link BlockStore} backed by a Kubo daemon's RPC API ({@code /api/v0}). Every block read is
 * verified against its CID; identity CIDs never touch the network. Connection failures are
 * retried a bounded number of times with exponential backoff; HTTP errors never are.
 * Thread-safe: one instance may serve all FUSE threads.
 */
public final class KuboBlockSource implements BlockStore, DagExporter {
    private static final MediaType OCTETS = MediaType.get("application/octet-stream");
    private static final RequestBody EMPTY = RequestBody.create(new byte[0], null);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final long SHA2_256 = 0x12;

    private final KuboAddress address;
    private final OkHttpClient client;
    private final boolean ownsClient;
    private final String authorization;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final boolean offline;
    private final int maxBlockSize;
    /** Kubo's HTTP gateway, for CAR streams of whole subtrees; null when not configured. */
    private final HttpUrl gateway;
    private final OkHttpClient gatewayClient;
    private volatile boolean closed;

    private KuboBlockSource(Builder b, KuboAddress address) {
        this.address = address;
        OkHttpClient.Builder cb = (b.client != null ? b.client : new OkHttpClient()).newBuilder()
                .connectTimeout(b.connectTimeout)
                .readTimeout(b.readTimeout)
                .writeTimeout(b.readTimeout)
                .callTimeout(b.callTimeout);
        address.unixSocket().ifPresent(path -> cb
                .socketFactory(new UnixSocketFactory(path))
                // The placeholder host must not reach DNS; the socket factory ignores the address anyway.
                .dns(host -> List.of(InetAddress.getLoopbackAddress())));
        this.client = cb.build();
        this.ownsClient = b.client == null;
        this.authorization = b.authorization;
        this.maxRetries = b.maxRetries;
        this.initialBackoff = b.initialBackoff;
        this.offline = b.offline;
        this.maxBlockSize = b.maxBlockSize;
        this.gateway = b.gateway;
        // The gateway is plain TCP even when the API is a unix socket, and takes no API secret.
        this.gatewayClient = gateway == null ? null : (address.unixSocket().isPresent()
                ? new OkHttpClient.Builder().connectTimeout(b.connectTimeout).readTimeout(b.readTimeout)
                        .callTimeout(b.callTimeout).build()
                : client);
    }

    /** Starts configuring a Kubo block source. */
    public static Builder builder() {
        return new Builder();
    }

    /** The API address this source talks to. */
    public KuboAddress address() {
        return address;
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        Objects.requireNonNull(cid, "cid");
        byte[] inline = BlockVerifier.identityBlock(cid);
        if (inline != null) {
            return inline;
        }
        HttpUrl.Builder url = rpc("block/get").addQueryParameter("arg", cid.toString());
        if (offline) {
            url.addQueryParameter("offline", "true");
        }
        try (Response r = execute(url.build(), EMPTY, "block/get " + cid)) {
            if (!r.isSuccessful()) {
                throw failure(r, "block/get " + cid, cid);
            }
            return BlockVerifier.verify(cid, readBounded(r.body(), maxBlockSize, "block " + cid), "Kubo at " + address);
        }
    }

    /** True if the daemon holds the block locally (never fetches it from the network). */
    @Override
    public boolean has(Cid cid) throws IOException {
        Objects.requireNonNull(cid, "cid");
        if (cid.isIdentity()) {
            return true;
        }
        HttpUrl url = rpc("block/stat").addQueryParameter("arg", cid.toString())
                .addQueryParameter("offline", "true").build();
        try (Response r = execute(url, EMPTY, "block/stat " + cid)) {
            if (r.isSuccessful()) {
                return true;
            }
            IOException e = failure(r, "block/stat " + cid, cid);
            if (e instanceof BlockNotFoundException) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Stores a block in Kubo (unpinned) with the codec and hash of its CID, and checks that
     * Kubo computed the same multihash.
     *
     * @throws IntegrityException if {@code data} does not hash to {@code cid}
     */
    @Override
    public void put(Cid cid, byte[] data) throws IOException {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(data, "data");
        BlockVerifier.verify(cid, data, "a put to Kubo at " + address);
        if (cid.isIdentity()) {
            return;
        }
        if (cid.multihash().code() != SHA2_256) {
            throw new IOException("block " + cid + " uses multihash 0x" + Long.toHexString(cid.multihash().code())
                    + "; only sha2-256 blocks can be stored through Kubo's block/put here");
        }
        HttpUrl url = rpc("block/put")
                .addQueryParameter("cid-codec", codecName(cid))
                .addQueryParameter("mhtype", "sha2-256")
                .addQueryParameter("mhlen", "32")
                .addQueryParameter("pin", "false")
                .build();
        RequestBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("file", "block", RequestBody.create(data, OCTETS)).build();
        try (Response r = execute(url, body, "block/put " + cid)) {
            if (!r.isSuccessful()) {
                throw failure(r, "block/put " + cid, null);
            }
            JsonNode reply = JSON.readTree(readBounded(r.body(), MAX_ERROR_BODY, "block/put reply"));
            Cid stored = parseCid(reply.path("Key").asText(), "block/put");
            if (!java.util.Arrays.equals(stored.multihash().toBytes(), cid.multihash().toBytes()) || stored.codec() != cid.codec()) {
                throw new IntegrityException("Kubo stored block " + cid + " as " + stored + " (different hash or codec)");
            }
        }
    }

    @Override
    public void pin(Cid root) throws IOException {
        pin(root, true);
    }

    /**
     * Moves a recursive pin with {@code pin/update} (which walks only the changed part of the DAG);
     * when {@code from} is not pinned (a restart lost track of it, or it was unpinned by hand) it
     * pins {@code to} afresh.
     */
    @Override
    public void repin(Cid from, Cid to) throws IOException {
        if (from.equals(to)) {
            pin(to, true);
            return;
        }
        HttpUrl url = rpc("pin/update").addQueryParameter("arg", from.toString())
                .addQueryParameter("arg", to.toString()).addQueryParameter("unpin", "true").build();
        try (Response r = execute(url, EMPTY, "pin/update " + from + " " + to)) {
            if (r.isSuccessful()) {
                readBounded(r.body(), MAX_ERROR_BODY, "pin/update reply");
                return;
            }
            readBounded(r.body(), MAX_ERROR_BODY, "pin/update error");
        }
        pin(to, true);
    }

    /** Pins {@code cid} (recursively or directly) so Kubo's garbage collector keeps it. */
    public void pin(Cid cid, boolean recursive) throws IOException {
        HttpUrl url = rpc("pin/add").addQueryParameter("arg", cid.toString())
                .addQueryParameter("recursive", Boolean.toString(recursive)).build();
        try (Response r = execute(url, EMPTY, "pin/add " + cid)) {
            if (!r.isSuccessful()) {
                throw failure(r, "pin/add " + cid, cid);
            }
            readBounded(r.body(), MAX_ERROR_BODY, "pin/add reply");
        }
    }

    /**
     * Adds one file's content with Kubo's own importer ({@code ipfs add}) and returns its root CID.
     * {@code options} are Kubo's add query options, e.g. {@code cid-version=1}, {@code raw-leaves=true},
     * {@code chunker=size-262144}, {@code pin=false}. The stream is read once and not closed.
     */
    public Cid add(InputStream content, Map<String, String> options) throws IOException {
        HttpUrl.Builder url = rpc("add").addQueryParameter("progress", "false").addQueryParameter("quieter", "true");
        options.forEach(url::addQueryParameter);
        RequestBody file = new RequestBody() {
            @Override
            public MediaType contentType() {
                return OCTETS;
            }

            @Override
            public boolean isOneShot() {
                return true;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                Source source = Okio.source(new NonClosingInputStream(content));
                sink.writeAll(source);
            }
        };
        RequestBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("file", "file", file).build();
        try (Response r = client.newCall(request(url.build(), body)).execute()) {
            if (!r.isSuccessful()) {
                throw failure(r, "add", null);
            }
            String text = new String(readBounded(r.body(), 1 << 20, "add reply"), StandardCharsets.UTF_8).trim();
            String last = text.substring(text.lastIndexOf('\n') + 1);
            return parseCid(JSON.readTree(last).path("Hash").asText(), "add");
        }
    }

    /**
     * Streams a UnixFS file's content through Kubo ({@code ipfs cat}). The caller closes the
     * stream. Kubo does the reading here, so the content is only as trustworthy as the daemon.
     */
    public InputStream cat(Cid cid) throws IOException {
        HttpUrl url = rpc("cat").addQueryParameter("arg", cid.toString()).build();
        Response r = execute(url, EMPTY, "cat " + cid);
        if (!r.isSuccessful()) {
            try (r) {
                throw failure(r, "cat " + cid, cid);
            }
        }
        return new StreamErrorCheckingInputStream(r, "cat " + cid);
    }

    /** True when Kubo's gateway is known: RPC {@code dag/export} costs Kubo more CPU than per-block gets. */
    @Override
    public boolean canExportDags() {
        return gateway != null;
    }

    /**
     * The DAG under {@code root} as a CAR from Kubo's trustless gateway ({@code ?format=car}, depth
     * first, no duplicates): one request instead of one {@code block/get} per block, each block still
     * verified by the reader. A block Kubo lacks ends the stream early (a truncated CAR, or one with
     * no blocks at all when the root is missing): callers fetch what the stream did not bring.
     */
    @Override
    public CarReader exportDag(Cid root) throws IOException {
        if (gateway == null) {
            throw new IOException("no Kubo gateway is configured to export " + root + " from");
        }
        HttpUrl url = gateway.newBuilder().addPathSegment("ipfs").addPathSegment(root.toString())
                .addQueryParameter("format", "car").addQueryParameter("dag-scope", "all").build();
        Request request = new Request.Builder().url(url)
                .header("Accept", "application/vnd.ipld.car;version=1;order=dfs;dups=n").get().build();
        Response r = gatewayClient.newCall(request).execute();
        if (!r.isSuccessful()) {
            try (r) {
                throw new IOException("Kubo's gateway at " + gateway + " answered " + r.code() + " for " + root);
            }
        }
        try {
            return new CarReader(r.body().byteStream(), maxBlockSize + 128);
        } catch (IOException | RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /** Kubo's version string; a cheap way to check the API answers. */
    public String version() throws IOException {
        try (Response r = execute(rpc("version").build(), EMPTY, "version")) {
            if (!r.isSuccessful()) {
                throw failure(r, "version", null);
            }
            return JSON.readTree(readBounded(r.body(), MAX_ERROR_BODY, "version reply")).path("Version").asText();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (ownsClient) {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    private HttpUrl.Builder rpc(String command) {
        return address.baseUrl().newBuilder().addPathSegments("api/v0/" + command);
    }

    private Request request(HttpUrl url, RequestBody body) throws IOException {
        if (closed) {
            throw new IOException("KuboBlockSource for " + address + " is closed");
        }
        Request.Builder rb = new Request.Builder().url(url).post(body);
        if (authorization != null) {
            rb.header("Authorization", authorization);
        }
        return rb.build();
    }

    /** Runs a request, retrying only when no connection could be made (nothing reached Kubo). */
    private Response execute(HttpUrl url, RequestBody body, String what) throws IOException {
        Request request = request(url, body);
        IOException last = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                backoff(attempt);
            }
            try {
                return client.newCall(request).execute();
            } catch (ConnectException | NoRouteToHostException e) {
                last = e;
            }
        }
        throw new IOException("Kubo API at " + address + " is unreachable (" + what + ", " + (maxRetries + 1)
                + " attempts): " + last.getMessage() + "; is the daemon running?", last);
    }

    private void backoff(int attempt) throws InterruptedIOException {
        long millis = initialBackoff.toMillis() << Math.min(attempt - 1, 10);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry the Kubo API at " + address);
        }
    }

    /** Builds the exception for a failed response, mapping Kubo's "not found" to BlockNotFoundException. */
    private IOException failure(Response r, String what, Cid cid) {
        String message;
        try {
            String body = new String(readBounded(r.body(), MAX_ERROR_BODY, "error reply"), StandardCharsets.UTF_8);
            try {
                JsonNode node = JSON.readTree(body);
                message = node != null && node.hasNonNull("Message") ? node.get("Message").asText() : body.trim();
            } catch (IOException notJson) {
                message = body.trim();
            }
        } catch (IOException e) {
            message = "(no readable error body: " + e.getMessage() + ")";
        }
        String lower = message.toLowerCase(Locale.ROOT);
        if (cid != null && (lower.contains("not found") || lower.contains("could not find"))) {
            return new BlockNotFoundException("block " + cid + " not found via Kubo at " + address + ": " + message);
        }
        String hint = "";
        if (r.code() == 401 || r.code() == 403) {
            hint = " (check the API auth secret against Kubo's API.Authorizations)";
        } else if (r.code() == 404) {
            hint = " (is " + address + " really a Kubo RPC API?)";
        }
        return new KuboApiException(r.code(), "Kubo " + what + " failed with HTTP " + r.code() + ": " + message + hint);
    }

    private static byte[] readBounded(ResponseBody body, int max, String what) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        try (InputStream in = body.byteStream()) {
            byte[] data = in.readNBytes(max + 1);
            if (data.length > max) {
                throw new IOException(what + " from Kubo exceeds " + max + " bytes");
            }
            return data;
        }
    }

    private static Cid parseCid(String text, String what) throws IOException {
        try {
            return Cid.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("Kubo " + what + " replied with an unparseable CID '" + text + "': " + e.getMessage(), e);
        }
    }

    private static String codecName(Cid cid) throws IOException {
        long codec = cid.codec();
        if (codec == 0x70) {
            return "dag-pb";
        } else if (codec == 0x55) {
            return "raw";
        } else if (codec == 0x71) {
            return "dag-cbor";
        } else if (codec == 0x0129) {
            return "dag-json";
        } else if (codec == 0x0200) {
            return "json";
        }
        throw new IOException("block " + cid + " has codec 0x" + Long.toHexString(codec) + ", which this client cannot name to Kubo");
    }

    /**
     * Kubo reports errors that happen after the headers in an {@code X-Stream-Error} trailer, so
     * a stream that merely ends is not yet a success: the trailer is checked at end of stream.
     */
    private static final class StreamErrorCheckingInputStream extends java.io.FilterInputStream {
        private final Response response;
        private final String what;
        private boolean checked;

        StreamErrorCheckingInputStream(Response response, String what) {
            super(response.body().byteStream());
            this.response = response;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            int b;
            try {
                b = super.read();
            } catch (IOException e) {
                throw brokenOff(e);
            }
            if (b < 0) {
                checkTrailer();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                throw brokenOff(e);
            }
            if (n < 0) {
                checkTrailer();
            }
            return n;
        }

        /** OkHttp's own exceptions for a connection cut mid-body may carry no message at all. */
        private IOException brokenOff(IOException e) {
            return new IOException("Kubo " + what + " broke off mid-stream: " + e, e);
        }

        private void checkTrailer() throws IOException {
            if (checked) {
                return;
            }
            checked = true;
            String error = response.trailers().get("X-Stream-Error");
            if (error != null && !error.isBlank()) {
                throw new IOException("Kubo " + what + " failed mid-stream: " + error);
            }
        }

        @Override
        public void close() throws IOException {
            response.close();
        }
    }

    /** Keeps OkHttp from closing the caller's stream after writing the body. */
    private static final class NonClosingInputStream extends java.io.FilterInputStream {
        NonClosingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // The caller owns the stream.
        }
    }

    /** Configures a {@link KuboBlockSource}, OkHttp-style. */
    public static final class Builder {
        private KuboAddress address;
        private String authorization;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration callTimeout = Duration.ZERO;
        private int maxRetries = 3;
        private Duration initialBackoff = Duration.ofMillis(100);
        private boolean offline;
        private int maxBlockSize = 4 << 20;
        private OkHttpClient client;
        private HttpUrl gateway;

        private Builder() {
        }

        /**
         * The same daemon's HTTP gateway (e.g. {@code http://127.0.0.1:8080}, Kubo writes it to
         * {@code $IPFS_PATH/gateway}); sequential reads then fetch many blocks per request.
         */
        public Builder gateway(String url) {
            HttpUrl parsed = HttpUrl.parse(Objects.requireNonNull(url, "gateway").trim());
            if (parsed == null) {
                throw new IllegalArgumentException("'" + url + "' is not an http(s) URL for Kubo's gateway");
            }
            this.gateway = parsed;
            return this;
        }

        /** The API address as a multiaddr or URL; by default the one in {@code $IPFS_PATH/api}. */
        public Builder address(String address) {
            this.address = KuboAddress.parse(address);
            return this;
        }

        /** The API address. */
        public Builder address(KuboAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /** A Kubo auth secret, {@code basic:user:password} or {@code bearer:token}. */
        public Builder auth(String secret) {
            this.authorization = KuboAuthorization.headerValue(secret);
            return this;
        }

        /** Sets both connect and read timeouts. */
        public Builder timeout(Duration timeout) {
            connectTimeout(timeout);
            return readTimeout(timeout);
        }

        /** How long to wait for a connection (default 5 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /** How long a read may stall (default 30 s); also bounds writes. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "read timeout");
            return this;
        }

        /** An overall bound per call including the body (default none). */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = Objects.requireNonNull(timeout, "callTimeout");
            return this;
        }

        /** Retries after connection failures (default 3), the first after {@code initialBackoff}, doubling. */
        public Builder retries(int maxRetries, Duration initialBackoff) {
            if (maxRetries < 0 || maxRetries > 10) {
                throw new IllegalArgumentException("maxRetries must be 0..10, got " + maxRetries);
            }
            this.maxRetries = maxRetries;
            this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
            return this;
        }

        /** If true, {@code get} asks Kubo not to fetch missing blocks from the network. */
        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /** The largest block accepted from Kubo (default 4 MiB). */
        public Builder maxBlockSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxBlockSize must be positive");
            }
            this.maxBlockSize = bytes;
            return this;
        }

        /** Shares an existing client's connection pool and dispatcher (not closed by this source). */
        public Builder client(OkHttpClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Builds the source. Without an explicit address, reads {@code $IPFS_PATH/api}.
         *
         * @throws IOException if the address has to be discovered and the api file is unusable
         */
        public KuboBlockSource build() throws IOException {
            return new KuboBlockSource(this, address != null ? address : KuboAddress.discover());
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
