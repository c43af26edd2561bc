package dev.vipfs.fs.fuse;

import dev.vipfs.policy.Caller;
import java.util.function.Supplier;

/**
 * One FUSE request's caller, identified only when an operation needs it (a refusal by the
 * read-only tree needs none); failures are audited under whichever caller was identified.
 */
final class Request {
    private final Supplier<Caller> identify;
    private Caller caller;

    private Request(Supplier<Caller> identify, Caller caller) {
        this.identify = identify;
        this.caller = caller;
    }

    /** A request whose caller comes from the FUSE context on first use. */
    static Request of(Supplier<Caller> identify) {
        return new Request(identify, null);
    }

    /** A request on a handle: the caller captured at open (null: none), as release has no context. */
    static Request onHandle(Caller capturedAtOpen) {
        return new Request(() -> capturedAtOpen, capturedAtOpen);
    }

    Caller caller() {
        if (caller == null) {
            caller = identify.get();
        }
        return caller;
    }

    /** The caller if it has been identified, else null. */
    Caller identified() {
        return caller;
    }
}
