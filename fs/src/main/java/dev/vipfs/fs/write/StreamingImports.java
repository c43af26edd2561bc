package dev.vipfs.fs.write;

import dev.vipfs.crypto.keys.RecipientKey;
import dev.vipfs.fs.sealing.EncryptedImporter;
import dev.vipfs.ipfs.unixfs.UnixfsImporter;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * The importer threads that follow files while they are written: the first write of a new or
 * truncated file starts its {@link StreamingImport} here, fed by the appends instead of the spool
 * file; without a free thread the file is spooled and imported at commit. A queued import could
 * wait behind another file's writer for ever, hence a permit per thread and no queue.
 *
 * <p>Locking: none of its own beyond the permits; which spool holds which import is guarded by the
 * spool (see {@link Spool#stream}), and no namespace lock is held while an import runs.
 */
final class StreamingImports implements AutoCloseable {
    private static final int IMPORT_THREADS = 2;

    private final UnixfsImporter importer;
    private final Supplier<List<RecipientKey>> recipients;
    private final ExecutorService importers = Executors.newFixedThreadPool(IMPORT_THREADS, r -> {
        Thread t = new Thread(r, "vipfs-import");
        t.setDaemon(true);
        return t;
    });
    private final Semaphore importPermits = new Semaphore(IMPORT_THREADS);

    StreamingImports(UnixfsImporter importer, Supplier<List<RecipientKey>> recipients) {
        this.importer = importer;
        this.recipients = recipients;
    }

    /** Starts following spool's appends with an import if a thread is free and the spool is still empty. */
    void start(Spool spool) throws IOException {
        if (!importPermits.tryAcquire()) {
            return;
        }
        RecordingStore written = new RecordingStore(importer.store());
        StreamingImport st;
        try {
            st = spool.stream(written);
        } catch (IOException | RuntimeException e) {
            importPermits.release();
            throw e;
        }
        if (st == null) {
            importPermits.release();
            return;
        }
        List<RecipientKey> to = recipients.get();
        EncryptedImporter streaming = new EncryptedImporter(importer.onto(written));
        try {
            st.started(importers.submit(() -> {
                try (InputStream in = st.pipe()) {
                    return streaming.importSealed(in, to);
                } catch (IOException | RuntimeException e) {
                    // Abandoned (the file was dropped or cut to nothing) or failed: these blocks
                    // would only be garbage.
                    written.discardAll();
                    st.failed(e);
                    throw e;
                } finally {
                    importPermits.release();
                }
            }), to);
        } catch (RejectedExecutionException e) {
            importPermits.release(); // closing
            st.failed(e);
        }
    }

    /** Stops the importer threads, interrupting imports still running. */
    @Override
    public void close() {
        importers.shutdownNow();
    }
}
