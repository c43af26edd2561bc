package dev.vipfs.cli;

import dev.vipfs.ipfs.block.BlockStore;
import dev.vipfs.ipfs.block.ForwardingBlockStore;
import dev.vipfs.ipfs.cid.Cid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The progress bar of {@code vipfs add} on stderr, advanced by the bytes the import hands the store. */
final class AddProgress implements AutoCloseable {
    /** Below this a bar would only flash. */
    static final long MIN_BYTES = 16L << 20;
    private static final int WIDTH = 100;

    private final ProgressBar bar;
    private final long total;

    private AddProgress(ProgressBar bar, long total) {
        this.bar = bar;
        this.total = total;
    }

    /**
     * A bar for adding {@code paths}, or null when none is wanted: {@code wanted} null means "when
     * stderr is a terminal and the input is large", as Kubo's {@code ipfs add} does.
     */
    static AddProgress startIfWanted(Boolean wanted, List<Path> paths) throws IOException {
        if (Boolean.FALSE.equals(wanted) || (wanted == null && !Tty.stderrIsTerminal())) {
            return null;
        }
        long total = regularFileBytes(paths);
        if (wanted == null && total < MIN_BYTES) {
            return null;
        }
        ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("adding")
                .setInitialMax(Math.max(total, 1))
                .setUnit(" MiB", 1L << 20)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(System.err, WIDTH))
                .build();
        return new AddProgress(bar, total);
    }

    private static long regularFileBytes(List<Path> paths) throws IOException {
        long sum = 0;
        for (Path p : paths) {
            try (Stream<Path> s = Files.walk(p)) {
                sum += s.mapToLong(AddProgress::regularSize).sum();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return sum;
    }

    private static long regularSize(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? a.size() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code store}, counting every stored byte towards the bar (leaves dominate, so it tracks the input). */
    BlockStore counting(BlockStore store) {
        return new ForwardingBlockStore(store) {
            @Override
            public void put(Cid cid, byte[] data) throws IOException {
                super.put(cid, data);
                step(data.length);
            }

            @Override
            public void putHashed(Cid cid, byte[] data) throws IOException {
                super.putHashed(cid, data);
                step(data.length);
            }

            private void step(int bytes) {
                // DAG nodes and the envelope's tags add a little: never run past the input's size.
                bar.stepTo(Math.min(total, bar.getCurrent() + bytes));
            }
        };
    }

    /** Prints a result line without leaving a half-drawn bar in front of it on a shared terminal. */
    void println(String line) {
        System.err.print("\r\033[2K");
        System.err.flush();
        System.out.println(line);
    }

    @Override
    public void close() {
        bar.stepTo(total);
        bar.close();
    }
}
