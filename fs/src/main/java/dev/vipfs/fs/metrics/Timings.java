package dev.vipfs.fs.metrics;

/** Receives latencies; the metrics endpoint turns them into histograms. */
public interface Timings {
    Timings NONE = new Timings() {
        @Override
        public void fuseOperation(String operation, long nanos) {
        }

        @Override
        public void blockFetch(long nanos) {
        }
    };

    void fuseOperation(String operation, long nanos);

    void blockFetch(long nanos);
}
