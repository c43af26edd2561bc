package dev.vipfs.ipfs.http;

import dev.vipfs.ipfs.block.FetchTimeoutException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;

/**
 * The time one fetch may take, carried through its retries (and, for gateways, through every
 * gateway asked). A client's read timeout only bounds each silence, so a server that trickles a
 * byte just inside it, or a retry loop after a hung daemon, would otherwise hold the caller far
 * longer than configured. Each call gets what remains as its OkHttp call timeout, which also
 * bounds reading the body while the call is open.
 */
public final class FetchDeadline {
    /** No overall bound: streams whose length is the caller's business (cat, CAR exports, uploads). */
    public static final FetchDeadline NONE = new FetchDeadline(Duration.ZERO, 0);

    private final Duration budget;
    private final long endNanos;

    private FetchDeadline(Duration budget, long endNanos) {
        this.budget = budget;
        this.endNanos = endNanos;
    }

    /** A deadline {@code budget} from now; zero means none. */
    public static FetchDeadline after(Duration budget) {
        return checked(budget).isZero() ? NONE : new FetchDeadline(budget, System.nanoTime() + budget.toNanos());
    }

    /** {@code budget} when it can be one (zero for none), for builders to refuse a bad one early. */
    public static Duration checked(Duration budget) {
        if (budget.isNegative()) {
            throw new IllegalArgumentException("a fetch timeout cannot be negative: " + budget);
        }
        return budget;
    }

    private boolean bounded() {
        return !budget.isZero();
    }

    private long remainingNanos() {
        return endNanos - System.nanoTime();
    }

    /**
     * Gives {@code call}, not yet executed, what remains of the budget as its timeout.
     *
     * @throws FetchTimeoutException if nothing remains
     */
    public Call arm(Call call, String what) throws FetchTimeoutException {
        if (bounded()) {
            long left = remainingNanos();
            if (left <= 0) {
                throw expired(what, null);
            }
            call.timeout().timeout(left, TimeUnit.NANOSECONDS);
        }
        return call;
    }

    /** Waits {@code pause} before a retry, but never past the deadline (then it throws instead). */
    public void pause(Duration pause, String what) throws IOException {
        long nanos = pause.toNanos();
        if (bounded() && remainingNanos() <= nanos) {
            throw expired(what, null);
        }
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry " + what);
        }
    }

    /** Whether the budget is spent (never, without one). */
    public boolean passed() {
        return bounded() && remainingNanos() <= 0;
    }

    /**
     * A timeout seen while fetching ({@code e} an OkHttp call or socket timeout) as a
     * {@link FetchTimeoutException} that says which bound passed; anything else unchanged.
     */
    public IOException explain(IOException e, String what) {
        if (e instanceof FetchTimeoutException || !(e instanceof InterruptedIOException)
                || (Thread.currentThread().isInterrupted() && !passed())) {
            return e;
        }
        return passed() ? expired(what, e)
                : new FetchTimeoutException(what + ": no data for longer than the read timeout (" + e.getMessage() + ")", e);
    }

    /** The exception for a spent budget. */
    public FetchTimeoutException expired(String what, Throwable cause) {
        return new FetchTimeoutException(what + ": no complete answer within the fetch timeout of "
                + describe(budget) + (cause == null ? "" : " (" + cause.getMessage() + ")"), cause);
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
