package dev.vipfs.ipfs.ipns;

import dev.vipfs.ipfs.http.HttpTransport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Signed IPNS records from trustless gateways ({@code GET /ipns/<name>?format=ipns-record}), tried in
 * order; the bytes are only returned, never trusted (see {@link RecordNameResolver}).
 */
public final class GatewayRecords implements RecordNameResolver.RecordSource {
    private static final String MEDIA_TYPE = "application/vnd.ipfs.ipns-record";

    private final List<HttpUrl> gateways;
    private final OkHttpClient client;

    public GatewayRecords(List<String> gateways, OkHttpClient client) {
        List<HttpUrl> urls = new ArrayList<>();
        for (String g : gateways) {
            urls.add(HttpTransport.baseUrl(g, "gateway"));
        }
        this.gateways = List.copyOf(urls);
        this.client = client;
    }

    @Override
    public byte[] fetch(IpnsName name) throws IOException {
        List<String> failures = new ArrayList<>();
        for (HttpUrl g : gateways) {
            HttpUrl url = g.newBuilder().addPathSegment("ipns").addPathSegment(name.toString())
                    .addQueryParameter("format", "ipns-record").build();
            Request request = new Request.Builder().url(url).header("Accept", MEDIA_TYPE).get().build();
            try (Response r = client.newCall(request).execute()) {
                if (r.isSuccessful()) {
                    return HttpTransport.readBounded(r.body(), IpnsRecord.MAX_BYTES, "IPNS record of " + name + " from " + g);
                }
                failures.add(g + " answered " + r.code());
            } catch (IOException e) {
                failures.add(g + ": " + e.getMessage());
            }
        }
        throw new NameNotFoundException("no gateway had a record for /ipns/" + name + " (" + String.join("; ", failures) + ")");
    }
}
