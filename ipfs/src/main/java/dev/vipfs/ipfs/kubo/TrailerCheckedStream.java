package dev.vipfs.ipfs.kubo;

import java.io.FilterInputStream;
import java.io.IOException;
import okhttp3.Response;

/**
 * Kubo reports errors that happen after the headers in an {@code X-Stream-Error} trailer, so a
 * stream that merely ends is not yet a success: the trailer is checked at end of stream.
 */
final class TrailerCheckedStream extends FilterInputStream {
    private final Response response;
    private final String what;
    private boolean checked;

    TrailerCheckedStream(Response response, String what) {
        super(response.body().byteStream());
        this.response = response;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int b;
        try {
            b = super.read();
        } catch (IOException e) {
            throw brokenOff(e);
        }
        if (b < 0) {
            checkTrailer();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = super.read(b, off, len);
        } catch (IOException e) {
            throw brokenOff(e);
        }
        if (n < 0) {
            checkTrailer();
        }
        return n;
    }

    /** OkHttp's own exceptions for a connection cut mid-body may carry no message at all. */
    private IOException brokenOff(IOException e) {
        return new IOException("Kubo " + what + " broke off mid-stream: " + e, e);
    }

    private void checkTrailer() throws IOException {
        if (checked) {
            return;
        }
        checked = true;
        String error = response.trailers().get("X-Stream-Error");
        if (error != null && !error.isBlank()) {
            throw new IOException("Kubo " + what + " failed mid-stream: " + error);
        }
    }

    @Override
    public void close() throws IOException {
        response.close();
    }
}
