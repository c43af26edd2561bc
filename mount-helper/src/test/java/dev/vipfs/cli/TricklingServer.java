package dev.vipfs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A gateway on 127.0.0.1 that answers every request with 200, a large Content-Length, and then one
 * byte every {@code interval}: never silent for as long as a read timeout just above the interval,
 * never done. Only an overall deadline ends a fetch from it.
 */
final class TricklingServer implements AutoCloseable {
    private final ServerSocket server;
    private final long intervalMillis;
    private final Thread acceptor;

    TricklingServer(long intervalMillis) throws IOException {
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.intervalMillis = intervalMillis;
        this.acceptor = new Thread(this::serve, "trickling-gateway");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> trickle(s), "trickling-gateway-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void trickle(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            // Skip the request head; its content does not matter.
            int matched = 0;
            while (matched < 4) {
                int c = in.read();
                if (c < 0) {
                    return;
                }
                matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
            }
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.ipld.raw\r\nContent-Length: 1000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < 1_000_000 && !server.isClosed(); i++) {
                out.write('x');
                out.flush();
                Thread.sleep(intervalMillis);
            }
        } catch (IOException | InterruptedException gone) {
            // The client gave up, as it should.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
