package dev.vipfs.crypto.bench;

import dev.vipfs.crypto.envelope.EnvelopeReader;
import dev.vipfs.crypto.envelope.EnvelopeWriter;
import dev.vipfs.crypto.envelope.SegmentingEncryptor;
import dev.vipfs.crypto.keys.Keyring;
import dev.vipfs.crypto.keys.RecipientKey;
import dev.vipfs.crypto.segment.SegmentOffsets;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Envelope throughput relative to raw SunJCE AES-256-GCM over the same 4 MiB, measured in the same run.
 * The baseline is raw GCM in 64 KiB calls with one reused Cipher; the JIT needs 10-20 s on a busy machine.
 *
 * <p>Run: {@code cd crypto && mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp
 * -Dmdep.includeScope=test && java -cp target/test-classes:target/classes:$(cat target/bench.cp)
 * dev.vipfs.crypto.bench.EnvelopeBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 20, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EnvelopeBenchmark {
    static final int SIZE = 4 << 20;

    byte[] plain;
    byte[] rawChunks;
    SecretKeySpec rawKey;
    long rawCounter;
    List<RecipientKey> recipients;
    EnvelopeWriter writer;
    EnvelopeReader reader;
    byte[] payload;
    int segments;
    byte[] header;
    Keyring ring;

    @Setup
    public void setUp() throws Exception {
        plain = new byte[SIZE];
        new Random(1).nextBytes(plain);
        byte[] k = new byte[32];
        new Random(2).nextBytes(k);
        rawKey = new SecretKeySpec(k, "AES");
        rawChunks = new byte[SIZE / SegmentOffsets.PLAIN_SEGMENT * SegmentOffsets.CIPHER_SEGMENT];
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        for (int i = 0; i < SIZE / SegmentOffsets.PLAIN_SEGMENT; i++) {
            c.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, iv(1000 + i)));
            c.doFinal(plain, i * SegmentOffsets.PLAIN_SEGMENT, SegmentOffsets.PLAIN_SEGMENT, rawChunks, i * SegmentOffsets.CIPHER_SEGMENT);
        }
        Path dir = Files.createTempDirectory("vipfs-bench");
        Keyring ring = Keyring.open(dir.resolve("keys"));
        ring.generate("bench");
        recipients = ring.defaultRecipients();
        writer = EnvelopeWriter.create(recipients);
        segments = (int) SegmentOffsets.segmentCount(SIZE);
        payload = new byte[(int) SegmentOffsets.payloadLength(SIZE)];
        for (int i = 0; i < segments; i++) {
            byte[] sealed = seal(writer, i);
            System.arraycopy(sealed, 0, payload, (int) SegmentOffsets.cipherOffset(i), sealed.length);
        }
        header = writer.header();
        this.ring = ring;
        reader = EnvelopeReader.open(header, ring);
    }

    private byte[] seal(EnvelopeWriter w, int i) {
        return w.sealSegment(i, plain, i * SegmentOffsets.PLAIN_SEGMENT, SegmentOffsets.PLAIN_SEGMENT, i == segments - 1);
    }

    private static byte[] iv(long counter) {
        byte[] iv = new byte[12];
        for (int i = 0; i < 8; i++) {
            iv[i] = (byte) (counter >>> (8 * i));
        }
        return iv;
    }

    // Raw GCM in segment-sized calls: on JDK 17 a single multi-MiB doFinal is not JIT-compiled within a
    // benchmark run (it stays near 30 MB/s), which would flatter the envelope.
    @Benchmark
    public void rawGcmEncryptChunked(Blackhole bh) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        for (int i = 0; i < segments; i++) {
            c.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, iv(++rawCounter)));
            bh.consume(c.doFinal(plain, i * SegmentOffsets.PLAIN_SEGMENT, SegmentOffsets.PLAIN_SEGMENT));
        }
    }

    @Benchmark
    public void rawGcmDecryptChunked(Blackhole bh) throws Exception {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        for (int i = 0; i < segments; i++) {
            c.init(Cipher.DECRYPT_MODE, rawKey, new GCMParameterSpec(128, iv(1000 + i)));
            bh.consume(c.doFinal(rawChunks, i * SegmentOffsets.CIPHER_SEGMENT, SegmentOffsets.CIPHER_SEGMENT));
        }
    }

    /** A fresh writer per invocation, made outside the timing: each writer seals each segment once. */
    @State(Scope.Thread)
    public static class FreshWriter {
        EnvelopeWriter writer;

        @Setup(Level.Invocation)
        public void create(EnvelopeBenchmark b) {
            writer = EnvelopeWriter.create(b.recipients);
        }
    }

    @Benchmark
    public void envelopeEncryptSegments(FreshWriter fresh, Blackhole bh) {
        for (int i = 0; i < segments; i++) {
            bh.consume(seal(fresh.writer, i));
        }
    }

    @Benchmark
    public void envelopeDecryptSegments(Blackhole bh) throws Exception {
        for (int i = 0; i < segments; i++) {
            int len = SegmentOffsets.cipherSegmentLength(i, payload.length);
            bh.consume(reader.openSegment(i, payload, (int) SegmentOffsets.cipherOffset(i), len, i == segments - 1));
        }
    }

    /** A whole new object: fresh file key, HPKE stanza, streaming segmentation from an InputStream. */
    @Benchmark
    public void envelopeEncryptObject(Blackhole bh) {
        EnvelopeWriter w = EnvelopeWriter.create(recipients);
        bh.consume(w.header());
        SegmentingEncryptor e = new SegmentingEncryptor(w, new ByteArrayInputStream(plain));
        while (e.hasNext()) {
            bh.consume(e.next());
        }
    }

    /** Fixed cost per object: file key, salt and one HPKE stanza (X25519 in BouncyCastle). */
    @Benchmark
    public byte[] headerCreate() {
        return EnvelopeWriter.create(recipients).header();
    }

    /** Fixed cost per open: checksum, one HPKE open, header MAC. */
    @Benchmark
    public EnvelopeReader headerOpen() throws Exception {
        return EnvelopeReader.open(header, ring);
    }

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(EnvelopeBenchmark.class.getName() + "\\.").build()).run();
        Map<String, Double> mbps = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            if (name.endsWith("headerCreate") || name.endsWith("headerOpen")) {
                System.out.printf("%-26s %9.0f ops/s%n", name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore());
                continue;
            }
            mbps.put(name.substring(name.lastIndexOf('.') + 1), r.getPrimaryResult().getScore() * SIZE / 1e6);
        }
        System.out.println();
        for (Map.Entry<String, Double> e : new java.util.TreeMap<>(mbps).entrySet()) {
            System.out.printf("%-26s %9.1f MB/s%n", e.getKey(), e.getValue());
        }
        double rawDecrypt = mbps.get("rawGcmDecryptChunked");
        double rawEncrypt = mbps.get("rawGcmEncryptChunked");
        System.out.printf("decrypt ratio envelope/raw SunJCE GCM: %.2f%n", mbps.get("envelopeDecryptSegments") / rawDecrypt);
        System.out.printf("encrypt ratio envelope/raw SunJCE GCM: %.2f (segments), %.2f (whole new object incl. header)%n",
                mbps.get("envelopeEncryptSegments") / rawEncrypt, mbps.get("envelopeEncryptObject") / rawEncrypt);
    }
}
