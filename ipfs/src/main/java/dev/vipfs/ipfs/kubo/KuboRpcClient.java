package dev.vipfs.ipfs.kubo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vipfs.ipfs.block.BlockNotFoundException;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.http.FetchDeadline;
import dev.vipfs.ipfs.http.HttpTransport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Kubo's RPC API ({@code /api/v0}) and HTTP gateway: the calls vipfs makes, over {@link KuboHttp}
 * (endpoints, the auth header, bounded retries of connection failures), with Kubo's replies read and
 * its error replies mapped to exceptions by {@link KuboReplies}. It hands back what Kubo sent;
 * {@link KuboBlockSource} verifies blocks. Thread-safe.
 */
public final class KuboRpcClient implements AutoCloseable {
    private static final MediaType OCTETS = MediaType.get("application/octet-stream");
    private static final RequestBody EMPTY = RequestBody.create(new byte[0], null);
    private static final int MAX_REPLY = KuboReplies.MAX_REPLY;

    private final KuboHttp http;
    private final KuboAddress address;
    /** The overall bound on one block read, retries included; zero means none. */
    private final Duration fetchTimeout;
    /** Kubo's HTTP gateway, for CAR streams of whole subtrees; null when not configured. */
    private final HttpUrl gateway;
    private final OkHttpClient gatewayClient;

    KuboRpcClient(KuboSourceBuilder b, KuboAddress address) {
        this.http = new KuboHttp(b, address);
        this.address = address;
        this.fetchTimeout = b.fetchTimeout;
        this.gateway = b.gateway;
        // The gateway is plain TCP even when the API is a unix socket, and takes no API secret.
        OkHttpClient client = gateway == null ? null : (address.unixSocket().isPresent()
                ? HttpTransport.client(null, b.connectTimeout, b.readTimeout, b.callTimeout) : http.client());
        this.gatewayClient = client == null || !b.onlyIfCached ? client : client.newBuilder()
                // Set below OkHttp's own cache step, which answers only-if-cached itself (a 504 with
                // no cache configured) instead of sending it: Kubo must see it, and then fetches
                // nothing for a DAG whose root it lacks (412).
                .addNetworkInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                        .header("Cache-Control", "only-if-cached").build()))
                .build();
    }

    /** The API address. */
    public KuboAddress address() {
        return address;
    }

    /** The API's client, whose connections another source of the same daemon may share. */
    OkHttpClient httpClient() {
        return http.client();
    }

    /** {@code block/get}: the block's bytes as Kubo sent them, unverified, at most {@code maxBytes}. */
    byte[] blockGet(Cid cid, boolean offline, int maxBytes) throws IOException {
        HttpUrl.Builder url = http.rpc("block/get").addQueryParameter("arg", cid.toString());
        if (offline) {
            url.addQueryParameter("offline", "true");
        }
        String what = "block/get " + cid + " from Kubo at " + address;
        FetchDeadline deadline = FetchDeadline.after(fetchTimeout);
        try (Response r = http.execute(url.build(), EMPTY, what, deadline)) {
            if (!r.isSuccessful()) {
                throw failure(r, "block/get " + cid, cid);
            }
            return HttpTransport.readBounded(r.body(), maxBytes, "block " + cid + " from Kubo at " + address);
        } catch (IOException e) {
            throw deadline.explain(e, what);
        }
    }

    /** {@code block/stat} offline: whether the daemon holds the block itself. */
    boolean blockStat(Cid cid) throws IOException {
        HttpUrl url = http.rpc("block/stat").addQueryParameter("arg", cid.toString())
                .addQueryParameter("offline", "true").build();
        String what = "block/stat " + cid + " at Kubo " + address;
        FetchDeadline deadline = FetchDeadline.after(fetchTimeout);
        try (Response r = http.execute(url, EMPTY, what, deadline)) {
            if (r.isSuccessful()) {
                return true;
            }
            IOException e = failure(r, "block/stat " + cid, cid);
            if (e instanceof BlockNotFoundException) {
                return false;
            }
            throw e;
        } catch (IOException e) {
            throw deadline.explain(e, what);
        }
    }

    /** {@code block/put} unpinned with {@code cid}'s codec and sha2-256; returns the CID Kubo computed. */
    Cid blockPut(Cid cid, byte[] data) throws IOException {
        HttpUrl url = http.rpc("block/put")
                .addQueryParameter("cid-codec", codecName(cid))
                .addQueryParameter("mhtype", "sha2-256")
                .addQueryParameter("mhlen", "32")
                .addQueryParameter("pin", "false")
                .build();
        RequestBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("file", "block", RequestBody.create(data, OCTETS)).build();
        try (Response r = http.execute(url, body, "block/put " + cid)) {
            if (!r.isSuccessful()) {
                throw failure(r, "block/put " + cid, null);
            }
            JsonNode reply = KuboReplies.json(r, "block/put reply from Kubo");
            return KuboReplies.cid(reply.path("Key").asText(), "block/put");
        }
    }

    /** Pins {@code cid} (recursively or directly) so Kubo's garbage collector keeps it. */
    public void pin(Cid cid, boolean recursive) throws IOException {
        HttpUrl url = http.rpc("pin/add").addQueryParameter("arg", cid.toString())
                .addQueryParameter("recursive", Boolean.toString(recursive)).build();
        try (Response r = http.execute(url, EMPTY, "pin/add " + cid)) {
            if (!r.isSuccessful()) {
                throw failure(r, "pin/add " + cid, cid);
            }
            HttpTransport.readBounded(r.body(), MAX_REPLY, "pin/add reply from Kubo");
        }
    }

    /** {@code pin/update} with unpin; false when Kubo refused it (typically: {@code from} is not pinned). */
    boolean pinUpdate(Cid from, Cid to) throws IOException {
        HttpUrl url = http.rpc("pin/update").addQueryParameter("arg", from.toString())
                .addQueryParameter("arg", to.toString()).addQueryParameter("unpin", "true").build();
        try (Response r = http.execute(url, EMPTY, "pin/update " + from + " " + to)) {
            HttpTransport.readBounded(r.body(), MAX_REPLY, "pin/update reply from Kubo");
            return r.isSuccessful();
        }
    }

    /**
     * Adds one file's content with Kubo's own importer ({@code ipfs add}) and returns its root CID.
     * {@code options} are Kubo's add query options, e.g. {@code cid-version=1}, {@code raw-leaves=true},
     * {@code chunker=size-262144}, {@code pin=false}. The stream is read once and not closed.
     */
    public Cid add(InputStream content, Map<String, String> options) throws IOException {
        HttpUrl.Builder url = http.rpc("add").addQueryParameter("progress", "false").addQueryParameter("quieter", "true");
        options.forEach(url::addQueryParameter);
        RequestBody body = new MultipartBody.Builder().setType(MultipartBody.FORM)
                .addFormDataPart("file", "file", HttpTransport.streamed(content, OCTETS)).build();
        // Not retried: the content can be read only once.
        try (Response r = http.executeOnce(url.build(), body)) {
            if (!r.isSuccessful()) {
                throw failure(r, "add", null);
            }
            String text = new String(HttpTransport.readBounded(r.body(), 1 << 20, "add reply from Kubo"), StandardCharsets.UTF_8).trim();
            String last = text.substring(text.lastIndexOf('\n') + 1);
            return KuboReplies.cid(KuboReplies.jsonLine(last).path("Hash").asText(), "add");
        }
    }

    /**
     * Streams a UnixFS file's content through Kubo ({@code ipfs cat}). The caller closes the
     * stream. Kubo does the reading here, so the content is only as trustworthy as the daemon.
     */
    public InputStream cat(Cid cid) throws IOException {
        HttpUrl url = http.rpc("cat").addQueryParameter("arg", cid.toString()).build();
        Response r = http.execute(url, EMPTY, "cat " + cid);
        if (!r.isSuccessful()) {
            try (r) {
                throw failure(r, "cat " + cid, cid);
            }
        }
        return new TrailerCheckedStream(r, "cat " + cid);
    }

    /** Kubo's version string; a cheap way to check the API answers. */
    public String version() throws IOException {
        try (Response r = http.execute(http.rpc("version").build(), EMPTY, "version")) {
            if (!r.isSuccessful()) {
                throw failure(r, "version", null);
            }
            return KuboReplies.json(r, "version reply from Kubo").path("Version").asText();
        }
    }

    /**
     * A command whose reply is one JSON object ({@code name/…}, {@code key/…}), for the API classes
     * beside this one; each query parameter once.
     */
    JsonNode callJson(String command, Map<String, String> args, String what) throws IOException {
        HttpUrl.Builder url = http.rpc(command);
        args.forEach(url::addQueryParameter);
        try (Response r = http.execute(url.build(), EMPTY, what)) {
            if (!r.isSuccessful()) {
                throw failure(r, what, null);
            }
            return KuboReplies.json(r, what + " reply from Kubo");
        }
    }

    /** The daemon's HTTP gateway base URL, when one is configured. */
    public java.util.Optional<String> gatewayUrl() {
        return java.util.Optional.ofNullable(gateway).map(HttpUrl::toString);
    }

    /** Whether the daemon's gateway is configured. */
    boolean hasGateway() {
        return gateway != null;
    }

    /**
     * The DAG under {@code root} from Kubo's trustless gateway as a raw CAR stream ({@code
     * dag-scope=all}, depth first, no duplicates); closing it ends the response.
     */
    InputStream gatewayCar(Cid root) throws IOException {
        if (gateway == null) {
            throw new IOException("no Kubo gateway is configured to export " + root + " from");
        }
        http.ensureOpen();
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
        return HttpTransport.bulkStream(r.body());
    }

    /**
     * A UnixFS file's content from Kubo's gateway, from byte {@code from} on (a {@code Range} request
     * past 0), unverified: the caller checks every byte against the leaves' CIDs. Null when the
     * gateway will not serve it that way (a trustless-only gateway, or a range it ignored), so the
     * caller can ask for a CAR instead; closing the stream ends the response.
     */
    InputStream gatewayFile(Cid file, long from) throws IOException {
        if (gateway == null) {
            throw new IOException("no Kubo gateway is configured to read " + file + " from");
        }
        http.ensureOpen();
        Request.Builder request = new Request.Builder()
                .url(gateway.newBuilder().addPathSegment("ipfs").addPathSegment(file.toString()).build()).get();
        if (from > 0) {
            request.header("Range", "bytes=" + from + "-");
        }
        Response r = gatewayClient.newCall(request.build()).execute();
        String range = r.header("Content-Range", "");
        if (from > 0 ? r.code() != 206 || !range.startsWith("bytes " + from + "-") : r.code() != 200) {
            r.close();
            return null;
        }
        return HttpTransport.bulkStream(r.body());
    }

    /** The overall bound of one block fetch, retries included (zero: none). */
    public Duration fetchTimeout() {
        return fetchTimeout;
    }

    @Override
    public void close() {
        http.close();
    }

    private IOException failure(Response r, String what, Cid cid) {
        return KuboReplies.failure(r, what, cid, address);
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
}
