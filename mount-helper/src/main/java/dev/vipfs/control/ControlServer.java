package dev.vipfs.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's control socket, {@code $VIPFS_HOME/vipfs.sock}: one request line in, one JSON line
 * out. The file is 0600 and owned by the serving user; besides, each connection's peer is checked
 * with SO_PEERCRED (the kernel's record of who connected, not something the client says) and only
 * that user and root are answered, so a socket left reachable by a mode change still refuses others.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final int MAX_REQUEST = 256;

    /** Answers one request ("status", "reload") with a JSON object. */
    @FunctionalInterface
    public interface Handler {
        String handle(String request) throws Exception;
    }

    private final Path socket;
    private final ServerSocketChannel server;
    private final UserPrincipal owner;
    private final UserPrincipal root;
    private volatile boolean closed;

    private ControlServer(Path socket, ServerSocketChannel server, UserPrincipal owner, UserPrincipal root) {
        this.socket = socket;
        this.server = server;
        this.owner = owner;
        this.root = root;
    }

    /**
     * Binds the socket and hands it to {@code uid}/{@code gid} (the service user a root-started
     * mount drops to; -1 keeps the caller's). Bound before the drop, since the home is root's.
     *
     * @throws IOException when another daemon answers on it, or it cannot be created
     */
    public static ControlServer bind(Path socket, int uid, int gid) throws IOException {
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            if (!"socket".equals(kind(socket))) {
                throw new IOException(socket + " exists and is not a socket; move it away");
            }
            if (answers(socket)) {
                throw new IOException("another vipfs daemon serves this home (" + socket + " answers)");
            }
            Files.delete(socket); // left by a daemon that was killed
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            if (uid >= 0) {
                Files.setAttribute(socket, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(socket, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            }
            // Not NOFOLLOW: the JDK would open the path to fchmod it, which a socket refuses; the
            // path is the one just bound, in a directory only its owner (or root) writes.
            Files.setAttribute(socket, "unix:mode", 0600);
            UserPrincipal owner = Files.getOwner(socket, LinkOption.NOFOLLOW_LINKS);
            UserPrincipal root = socket.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("root");
            return new ControlServer(socket, server, owner, root);
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(socket);
            throw e;
        }
    }

    public Path socket() {
        return socket;
    }

    /** Serves requests on a daemon thread until closed. */
    public void start(Handler handler) {
        Thread t = new Thread(() -> loop(handler), "vipfs-control");
        t.setDaemon(true);
        t.start();
    }

    private void loop(Handler handler) {
        while (!closed) {
            try (SocketChannel c = server.accept()) {
                serve(c, handler);
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("control socket: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(SocketChannel c, Handler handler) throws IOException {
        UnixDomainPrincipal peer = c.getOption(ExtendedSocketOptions.SO_PEERCRED);
        if (!peer.user().equals(owner) && !peer.user().equals(root)) {
            LOG.warn("control socket: refused a connection from {} (only {} and root may use it)", peer.user(), owner);
            drain(c);
            reply(c, ControlJson.write(Map.of("error", "refused: only " + owner.getName() + " and root may use this socket")));
            return;
        }
        String request = readLine(c);
        String answer;
        try {
            answer = handler.handle(request);
        } catch (Exception e) {
            answer = ControlJson.write(Map.of("error", String.valueOf(e.getMessage())));
        }
        reply(c, answer);
    }

    /**
     * Reads what a refused peer sent without ever waiting on it (it could hold the one serving
     * thread otherwise), so that closing does not reset the connection before it reads the refusal.
     */
    private static void drain(SocketChannel c) throws IOException {
        c.configureBlocking(false);
        ByteBuffer buf = ByteBuffer.allocate(MAX_REQUEST);
        for (int tries = 0; tries < 10 && buf.hasRemaining(); tries++) {
            int n = c.read(buf);
            if (n < 0 || buf.position() > 0 && buf.get(buf.position() - 1) == '\n') {
                break;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    private static String readLine(SocketChannel c) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(MAX_REQUEST);
        while (buf.hasRemaining()) {
            if (c.read(buf) < 0) {
                break;
            }
            if (buf.position() > 0 && buf.get(buf.position() - 1) == '\n') {
                break;
            }
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
    }

    private static void reply(SocketChannel c, String json) throws IOException {
        ByteBuffer out = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            c.write(out);
        }
    }

    private static String kind(Path p) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (mode & 0170000) == 0140000 ? "socket" : "other";
    }

    private static boolean answers(Path socket) {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        // Another daemon may have taken the path over only if this one was not listening; it was.
        Files.deleteIfExists(socket);
    }
}
