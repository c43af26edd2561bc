package dev.vipfs.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Sends one request to a daemon's control socket and returns its answer. */
public final class ControlClient {
    private ControlClient() { }

    public static Map<String, Object> ask(Path socket, String request) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(socket));
            c.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            c.shutdownOutput();
            byte[] answer = Channels.newInputStream(c).readAllBytes();
            return ControlJson.read(new String(answer, StandardCharsets.UTF_8).strip());
        }
    }
}
