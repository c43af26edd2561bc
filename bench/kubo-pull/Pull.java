import dev.vipfs.ipfs.block.BlockVerifier;
import dev.vipfs.ipfs.car.CarBlock;
import dev.vipfs.ipfs.car.CarReader;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.dagpb.DagPbCodec;
import dev.vipfs.ipfs.dagpb.PbLink;
import dev.vipfs.ipfs.dagpb.PbNode;
import dev.vipfs.ipfs.unixfs.codec.UnixfsData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Pulls every leaf of one UnixFS file from a local Kubo by one request shape, verifying every leaf
 * against its CID, and prints the CPU seconds Kubo and this process spent per GiB (issue #16; see
 * bench/kubo-pull/run). Each pass drops the page cache first; pass 1 includes this JVM's warm-up.
 *
 *   Pull API GATEWAY ROOT KUBO_PID MODE LANES [PASSES]
 *   MODE: rpc (block/get per leaf), raw (gateway ?format=raw per leaf), car (one CAR per parent),
 *         cat (RPC cat per parent, leaves rebuilt and verified), file (gateway file per parent, ditto)
 */
public final class Pull {
    static OkHttpClient http;
    static HttpUrl api;
    static HttpUrl gateway;
    static final AtomicLong bytes = new AtomicLong();
    static Cid payload;
    static long payloadSize;

    public static void main(String[] a) throws Exception {
        api = HttpUrl.parse(a[0]);
        gateway = HttpUrl.parse(a[1]);
        Cid root = Cid.parse(a[2]);
        long kubo = Long.parseLong(a[3]);
        String mode = a[4];
        int lanes = Integer.parseInt(a[5]);
        int passes = a.length > 6 ? Integer.parseInt(a[6]) : 2;
        Dispatcher d = new Dispatcher();
        d.setMaxRequests(64);
        d.setMaxRequestsPerHost(64);
        http = new OkHttpClient.Builder().dispatcher(d).connectionPool(new ConnectionPool(32, 1, TimeUnit.MINUTES))
                .readTimeout(60, TimeUnit.SECONDS).build();
        List<Parent> parents = new ArrayList<>();
        walk(root, parents);
        int leaves = parents.stream().mapToInt(p -> p.leaves.size()).sum();
        for (int pass = 1; pass <= passes; pass++) {
            Runtime.getRuntime().exec(new String[] {"sh", "-c", "sync; echo 3 > /proc/sys/vm/drop_caches"}).waitFor();
            bytes.set(0);
            long k0 = ticks(kubo), s0 = self(), t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(lanes);
            List<Future<?>> done = new ArrayList<>();
            AtomicInteger next = new AtomicInteger();
            List<Cid> flat = parents.stream().flatMap(p -> p.leaves.stream()).toList();
            for (int i = 0; i < lanes; i++) {
                done.add(pool.submit(() -> {
                    if (mode.startsWith("range")) { // entity-bytes CARs of the payload, MiB each as in range32
                        long step = Long.parseLong(mode.substring(5)) << 20;
                        for (int j; (long) (j = next.getAndIncrement()) * step < payloadSize; ) {
                            range(j * step, Math.min(payloadSize, (j + 1) * step) - 1);
                        }
                    } else if (mode.equals("rpc") || mode.equals("raw")) {
                        for (int j; (j = next.getAndIncrement()) < flat.size(); ) {
                            Cid c = flat.get(j);
                            byte[] b = mode.equals("rpc") ? body(post(api.newBuilder().addPathSegments("api/v0/block/get")
                                    .addQueryParameter("arg", c.toString()).addQueryParameter("offline", "true").build()))
                                    : body(get(ipfs(c).addQueryParameter("format", "raw").build(), "application/vnd.ipld.raw"));
                            BlockVerifier.verify(c, b, "probe");
                            bytes.addAndGet(b.length);
                        }
                    } else {
                        for (int j; (j = next.getAndIncrement()) < parents.size(); ) {
                            parent(mode, parents.get(j));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            long t = System.nanoTime() - t0, k = ticks(kubo) - k0, s = self() - s0;
            double gib = bytes.get() / (double) (1L << 30);
            System.out.printf("%-5s lanes %2d pass %d: %d leaves %.0f MiB in %.1f s (%.0f MiB/s)  Kubo CPU s/GiB %.2f  probe CPU s/GiB %.2f%n",
                    mode, lanes, pass, leaves, gib * 1024, t / 1e9, gib * 1024 / (t / 1e9), k / 100.0 / gib, s / 1e9 / gib);
        }
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    record Parent(Cid cid, List<Cid> leaves, long[] sizes) {
    }

    /** Interior nodes by block/get; a child whose link size is its content plus a leaf's framing is a leaf. */
    static void walk(Cid cid, List<Parent> out) throws IOException {
        PbNode n = DagPbCodec.decode(body(post(api.newBuilder().addPathSegments("api/v0/block/get").addQueryParameter("arg", cid.toString()).build())));
        UnixfsData fs = UnixfsData.decode(n.data());
        List<Cid> leaves = new ArrayList<>();
        for (int i = 0; i < n.links().size(); i++) {
            PbLink l = n.links().get(i);
            boolean leaf = l.hash().codec() == Multicodec.RAW || l.tsizeOrZero() - fs.blocksize(i) < 64;
            if (leaf) {
                leaves.add(l.hash());
            } else {
                if (payload == null) {
                    payload = l.hash();
                    payloadSize = fs.blocksize(i);
                }
                walk(l.hash(), out);
            }
        }
        if (leaves.size() == n.links().size()) { // a node with leaves and subtrees (the envelope's root) is skipped
            out.add(new Parent(cid, leaves, fs.blocksizes()));
        }
    }

    static void range(long from, long to) throws IOException {
        Request r = new Request.Builder().url(ipfs(payload).addQueryParameter("format", "car").addQueryParameter("dag-scope", "entity")
                .addQueryParameter("entity-bytes", from + ":" + to).build())
                .header("Accept", "application/vnd.ipld.car;version=1;order=dfs;dups=n").build();
        try (Response resp = check(http.newCall(r).execute()); CarReader car = new CarReader(resp.body().byteStream(), 5 << 20)) {
            for (CarBlock b = car.next(); b != null; b = car.next()) {
                bytes.addAndGet(b.data().length);
            }
        }
    }

    static void parent(String mode, Parent p) throws IOException {
        if (mode.equals("car")) {
            Request r = new Request.Builder().url(ipfs(p.cid).addQueryParameter("format", "car").addQueryParameter("dag-scope", "all").build())
                    .header("Accept", "application/vnd.ipld.car;version=1;order=dfs;dups=n").build();
            try (Response resp = http.newCall(r).execute(); CarReader car = new CarReader(resp.body().byteStream(), 5 << 20)) {
                for (CarBlock b = car.next(); b != null; b = car.next()) {
                    bytes.addAndGet(b.data().length); // the reader verified it
                }
            }
            return;
        }
        Response resp = mode.equals("cat")
                ? post(api.newBuilder().addPathSegments("api/v0/cat").addQueryParameter("arg", p.cid.toString()).build())
                : get(ipfs(p.cid).build(), "application/octet-stream");
        try (resp; InputStream in = resp.body().byteStream()) {
            for (int i = 0; i < p.leaves.size(); i++) {
                Cid c = p.leaves.get(i);
                int n = (int) p.sizes[i];
                byte[] block;
                if (c.codec() == Multicodec.RAW) {
                    block = in.readNBytes(n);
                } else { // a dag-pb UnixFS File leaf without metadata, as Kubo and vipfs write it
                    int inner = 1 + varlen(2) + 1 + varlen(n) + n + 1 + varlen(n);
                    block = new byte[1 + varlen(inner) + inner];
                    int o = 0;
                    block[o++] = 0x0a;
                    o = varint(block, o, inner);
                    block[o++] = 0x08;
                    block[o++] = 0x02;
                    block[o++] = 0x12;
                    o = varint(block, o, n);
                    int got = in.readNBytes(block, o, n);
                    if (got != n) {
                        throw new IOException("short");
                    }
                    o += n;
                    block[o++] = 0x18;
                    varint(block, o, n);
                }
                BlockVerifier.verify(c, block, "probe");
                bytes.addAndGet(block.length);
            }
        }
    }

    static int varlen(long v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    static int varint(byte[] b, int o, long v) {
        while ((v & ~0x7fL) != 0) {
            b[o++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        b[o++] = (byte) v;
        return o;
    }

    static HttpUrl.Builder ipfs(Cid c) {
        return gateway.newBuilder().addPathSegment("ipfs").addPathSegment(c.toString());
    }

    static Response post(HttpUrl url) throws IOException {
        return check(http.newCall(new Request.Builder().url(url).post(RequestBody.create(new byte[0], null)).build()).execute());
    }

    static Response get(HttpUrl url, String accept) throws IOException {
        return check(http.newCall(new Request.Builder().url(url).header("Accept", accept).build()).execute());
    }

    static Response check(Response r) throws IOException {
        if (!r.isSuccessful()) {
            r.close();
            throw new IOException(r.request().url() + " answered " + r.code());
        }
        return r;
    }

    static byte[] body(Response r) throws IOException {
        try (r) {
            return r.body().bytes();
        }
    }

    static long ticks(long pid) throws IOException {
        String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static long self() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }
}
