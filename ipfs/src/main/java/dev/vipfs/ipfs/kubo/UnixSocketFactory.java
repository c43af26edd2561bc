package dev.vipfs.ipfs.kubo;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import javax.net.SocketFactory;

/**
 * Gives OkHttp sockets that reach a Kubo API on a unix domain socket, whatever host and port
 * the request names. Built on the JDK's own unix channels (Java 16+), with read timeouts kept
 * by a selector because channel sockets ignore {@code SO_TIMEOUT}.
 */
final class UnixSocketFactory extends SocketFactory {
    private final Path path;

    UnixSocketFactory(Path path) {
        this.path = path;
    }

    @Override
    public Socket createSocket() {
        return new UnixSocket(path);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected();
    }

    private Socket connected() throws IOException {
        UnixSocket s = new UnixSocket(path);
        s.connect(null, 0);
        return s;
    }

    /** A {@link Socket} face over a non-blocking unix {@link SocketChannel}. */
    private static final class UnixSocket extends Socket {
        private final Path path;
        private volatile SocketChannel channel;
        private volatile Selector readSelector;
        private volatile Selector writeSelector;
        private volatile int soTimeout;
        private volatile boolean closed;
        private volatile boolean inputShutdown;
        private volatile boolean outputShutdown;

        UnixSocket(Path path) {
            this.path = path;
        }

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, 0);
        }

        @Override
        public synchronized void connect(SocketAddress ignored, int timeout) throws IOException {
            if (closed) {
                throw new SocketException("socket is closed");
            }
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.connect(UnixDomainSocketAddress.of(path));
                ch.configureBlocking(false);
                readSelector = Selector.open();
                writeSelector = Selector.open();
                ch.register(readSelector, SelectionKey.OP_READ);
                ch.register(writeSelector, SelectionKey.OP_WRITE);
            } catch (IOException e) {
                ch.close();
                ConnectException ce = new ConnectException("cannot connect to the Kubo API unix socket " + path + ": " + e.getMessage());
                ce.initCause(e);
                throw ce;
            }
            channel = ch;
        }

        @Override
        public boolean isConnected() {
            return channel != null;
        }

        @Override
        public boolean isClosed() {
            return closed;
        }

        @Override
        public boolean isInputShutdown() {
            return inputShutdown;
        }

        @Override
        public boolean isOutputShutdown() {
            return outputShutdown;
        }

        @Override
        public void setSoTimeout(int timeout) {
            soTimeout = timeout;
        }

        @Override
        public int getSoTimeout() {
            return soTimeout;
        }

        @Override
        public void setTcpNoDelay(boolean on) {
            // Not meaningful for unix sockets.
        }

        @Override
        public InetAddress getInetAddress() {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public void shutdownInput() throws IOException {
            inputShutdown = true;
            channel().shutdownInput();
        }

        @Override
        public void shutdownOutput() throws IOException {
            outputShutdown = true;
            channel().shutdownOutput();
        }

        @Override
        public InputStream getInputStream() throws IOException {
            SocketChannel ch = channel();
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    int n = read(one, 0, 1);
                    return n < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (len == 0) {
                        return 0;
                    }
                    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                    while (true) {
                        int n = ch.read(buf);
                        if (n != 0) {
                            return n;
                        }
                        await(readSelector, "read");
                    }
                }

                @Override
                public void close() throws IOException {
                    UnixSocket.this.close();
                }
            };
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            SocketChannel ch = channel();
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                    while (buf.hasRemaining()) {
                        if (ch.write(buf) == 0) {
                            await(writeSelector, "write");
                        }
                    }
                }

                @Override
                public void close() throws IOException {
                    UnixSocket.this.close();
                }
            };
        }

        private void await(Selector selector, String op) throws IOException {
            if (closed) {
                throw new SocketException("socket closed");
            }
            int timeout = soTimeout;
            int ready;
            try {
                ready = selector.select(timeout);
                selector.selectedKeys().clear();
            } catch (ClosedSelectorException e) {
                throw new SocketException("socket closed");
            }
            if (closed) {
                throw new SocketException("socket closed");
            }
            if (ready == 0 && timeout > 0) {
                throw new SocketTimeoutException(op + " timed out after " + timeout + " ms on unix socket " + path);
            }
        }

        private SocketChannel channel() throws SocketException {
            SocketChannel ch = channel;
            if (ch == null) {
                throw new SocketException("unix socket " + path + " is not connected");
            }
            return ch;
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            // Wake a thread blocked in select so a cancelled call fails now rather than at its timeout.
            for (Selector s : new Selector[] {readSelector, writeSelector}) {
                if (s != null) {
                    s.wakeup();
                }
            }
            SocketChannel ch = channel;
            if (ch != null) {
                ch.close();
            }
            for (Selector s : new Selector[] {readSelector, writeSelector}) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }
}
