package dev.vipfs.ipfs.gateway;

import dev.vipfs.ipfs.block.BlockNotFoundException;
import dev.vipfs.ipfs.block.FetchTimeoutException;
import dev.vipfs.ipfs.block.IntegrityException;
import dev.vipfs.ipfs.cid.Cid;
import dev.vipfs.ipfs.http.FetchDeadline;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;

/** Collects why each gateway failed, to report them all at once. */
final class GatewayFailures {
    private final Cid cid;
    private final List<String> reasons = new ArrayList<>();
    private boolean lied;
    private boolean otherError;
    private IOException cause;

    GatewayFailures(Cid cid) {
        this.cid = cid;
    }

    void status(HttpUrl gateway, int code) {
        reasons.add(gateway + ": HTTP " + code);
        if (code != 404 && code != 410) {
            otherError = true;
        }
    }

    void lie(HttpUrl gateway) {
        lied = true;
        reasons.add(gateway + ": sent data that does not hash to the CID");
    }

    void error(HttpUrl gateway, IOException e) {
        otherError = true;
        cause = e;
        reasons.add(gateway + ": " + e.getMessage());
    }

    /** The budget ran out before every gateway was asked. */
    FetchTimeoutException timedOut(FetchDeadline deadline) {
        return deadline.expired("no gateway delivered " + cid
                + (reasons.isEmpty() ? "" : " (" + String.join("; ", reasons) + ")"), cause);
    }

    IOException exception() {
        String detail = "no gateway delivered " + cid + ": " + String.join("; ", reasons);
        if (lied) {
            return new IntegrityException(detail);
        }
        if (cause instanceof FetchTimeoutException) {
            return new FetchTimeoutException(detail, cause);
        }
        if (!otherError) {
            return new BlockNotFoundException(detail);
        }
        return new IOException(detail, cause);
    }
}
