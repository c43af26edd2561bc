package dev.vipfs.ipfs.bench;

import dev.vipfs.ipfs.block.MemoryBlockstore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import dev.vipfs.ipfs.dagpb.DagPbCodec;
import dev.vipfs.ipfs.dagpb.PbLink;
import dev.vipfs.ipfs.dagpb.PbNode;
import dev.vipfs.ipfs.unixfs.importer.ImportOptions;
import dev.vipfs.ipfs.unixfs.importer.UnixfsImporter;
import dev.vipfs.ipfs.unixfs.reader.UnixfsReader;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * dag-pb decode and UnixFS import/read throughput, each printed as a ratio against SHA-256 over
 * the same bytes measured in the same run (hashing is the floor for import: every block is hashed).
 * Not run by {@code mvn test} (no @Test).
 *
 * <p>Run: {@code cd ipfs && mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
 * -Dmdep.includeScope=test && java -cp target/test-classes:target/classes:$(cat target/bench.cp)
 * dev.vipfs.ipfs.bench.IpfsBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IpfsBenchmark {
    static final int SIZE = 4 << 20;

    byte[] data;
    byte[] rootBlock;
    MemoryBlockstore store;
    Cid file;
    byte[] readBuf = new byte[128 * 1024];
    long readOffset;

    @Setup
    public void setUp() throws Exception {
        data = new byte[SIZE];
        new Random(1).nextBytes(data);
        List<PbLink> links = new ArrayList<>();
        for (int i = 0; i < 174; i++) {
            links.add(PbLink.of(Cid.v0(Multihash.sha256(new byte[] {(byte) i})), "", 262158));
        }
        rootBlock = DagPbCodec.encode(new PbNode(links, new byte[] {8, 2}));
        store = new MemoryBlockstore();
        file = new UnixfsImporter(store, ImportOptions.kuboDefault()).addFile(new ByteArrayInputStream(data)).cid();
    }

    /** Baseline: SHA-256 of the same 4 MiB. */
    @Benchmark
    public byte[] sha256Baseline() throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    /** Import 4 MiB with Kubo's defaults into memory (hashes every block twice: importer and store check). */
    @Benchmark
    public Cid import4MiB() throws Exception {
        return new UnixfsImporter(new MemoryBlockstore(), ImportOptions.kuboDefault())
                .addFile(new ByteArrayInputStream(data)).cid();
    }

    /** Random-access 128 KiB reads of the imported file (each verifies the leaf it touches). */
    @Benchmark
    public int read128KiB() throws Exception {
        readOffset = (readOffset + 7 * readBuf.length + 4096) % (SIZE - readBuf.length);
        return new UnixfsReader(store).read(file, readOffset, readBuf, 0, readBuf.length);
    }

    /** Baseline for decode: SHA-256 of the 174-link root block. */
    @Benchmark
    public byte[] sha256RootBlock() throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(rootBlock);
    }

    /** Strict decode of a 174-link file root. */
    @Benchmark
    public PbNode decodeRootBlock() throws Exception {
        return DagPbCodec.decode(rootBlock);
    }

    /** Runs the benchmarks and prints each as a ratio to its baseline. */
    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(IpfsBenchmark.class.getSimpleName()).build()).run();
        Map<String, Double> score = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            score.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
        }
        double sha = score.get("sha256Baseline");
        System.out.printf("import 4 MiB: %.3f x SHA-256 of 4 MiB (%.1f MiB/s)%n", score.get("import4MiB") / sha,
                score.get("import4MiB") * 4);
        System.out.printf("read 128 KiB: %.1f MiB/s = %.3f x SHA-256 throughput%n", score.get("read128KiB") / 8,
                score.get("read128KiB") / 32 / sha);
        System.out.printf("dag-pb decode of 174-link root: %.3f x SHA-256 of the same block%n",
                score.get("decodeRootBlock") / score.get("sha256RootBlock"));
    }
}
