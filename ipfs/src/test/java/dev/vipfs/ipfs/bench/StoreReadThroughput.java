package dev.vipfs.ipfs.bench;

import dev.vipfs.ipfs.block.EmbeddedBlockstore;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.cid.Multicodec;
import dev.vipfs.ipfs.cid.Multihash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The embedded store alone, without FUSE, the fs layer or a daemon: puts MIB MiB of 64 KiB blocks
 * in order and syncs (timing the store's calls only), then reads them back cold in put order (what a sequential file read asks of
 * the store) and, cold again, RANDOM blocks in random order. Dropping the page cache needs root.
 * Prints {@code key<TAB>value} lines. Compiles against any version of the store (it uses only its
 * public API), so one run per build compares layouts. Usage: StoreReadThroughput DIR MIB RANDOM
 */
public final class StoreReadThroughput {
    private static final int BLOCK = 65536;

    private StoreReadThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int blocks = Integer.parseInt(args[1]) * (1 << 20) / BLOCK;
        int random = Integer.parseInt(args[2]);
        List<Cid> cids = new ArrayList<>();
        EmbeddedBlockstore writer = new EmbeddedBlockstore(dir);
        Random rnd = new Random(1);
        long putNanos = 0;
        // In batches generated and hashed before the clock starts: the figure is the store's writes.
        for (int done = 0; done < blocks; done += 256) {
            List<byte[]> batch = new ArrayList<>();
            List<Cid> batchCids = new ArrayList<>();
            for (int i = done; i < Math.min(blocks, done + 256); i++) {
                byte[] d = new byte[BLOCK];
                rnd.nextBytes(d);
                batch.add(d);
                batchCids.add(Cid.v1(Multicodec.RAW, Multihash.sha256(d)));
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < batch.size(); i++) {
                writer.putHashed(batchCids.get(i), batch.get(i));
            }
            if (done + 256 >= blocks) {
                writer.sync();
            }
            putNanos += System.nanoTime() - t0;
            cids.addAll(batchCids);
        }
        emit("put+sync MiB/s", blocks / 16.0 / (putNanos / 1e9));

        dropCaches();
        EmbeddedBlockstore reader = new EmbeddedBlockstore(dir);
        long cpu0 = cpu();
        long t0 = System.nanoTime();
        for (Cid c : cids) {
            reader.get(c);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        emit("cold sequential get MiB/s", blocks / 16.0 / secs);
        emit("cold sequential get CPU ms/MiB", (cpu() - cpu0) / 1e6 / (blocks / 16.0));

        dropCaches();
        reader = new EmbeddedBlockstore(dir);
        long[] us = new long[random];
        for (int i = 0; i < random; i++) {
            Cid c = cids.get(rnd.nextInt(cids.size()));
            long t = System.nanoTime();
            reader.get(c);
            us[i] = (System.nanoTime() - t) / 1000;
        }
        Arrays.sort(us);
        emit("cold random get p50 us", us[random / 2]);
        emit("cold random get p99 us", us[random * 99 / 100]);
    }

    private static long cpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static void dropCaches() throws Exception {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
        Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3\n");
    }

    private static void emit(String key, double value) {
        System.out.printf("%s\t%.1f%n", key, value);
    }
}
