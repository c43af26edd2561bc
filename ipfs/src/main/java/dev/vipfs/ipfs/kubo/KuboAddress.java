package dev.vipfs.ipfs.kubo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Where a Kubo RPC API listens: an HTTP base URL, plus a unix socket path when the API is on
 * {@code /unix/...}. Parsed from a multiaddr ({@code /ip4/127.0.0.1/tcp/5001},
 * {@code /dns4/host/tcp/5001/https}, {@code /unix/run/ipfs.sock}) or a URL.
 */
public final class KuboAddress {
    /** Kubo's documented default API address. */
    public static final String DEFAULT = "/ip4/127.0.0.1/tcp/5001";

    private final HttpUrl baseUrl;
    private final Path unixSocket;
    private final String text;

    private KuboAddress(HttpUrl baseUrl, Path unixSocket, String text) {
        this.baseUrl = baseUrl;
        this.unixSocket = unixSocket;
        this.text = text;
    }

    /** The HTTP base URL (for a unix socket, a placeholder host the socket factory ignores). */
    public HttpUrl baseUrl() {
        return baseUrl;
    }

    /** The unix socket path, if the API is reached over one. */
    public Optional<Path> unixSocket() {
        return Optional.ofNullable(unixSocket);
    }

    /**
     * Parses a multiaddr or an http(s) URL.
     *
     * @throws IllegalArgumentException naming what is wrong, for anything else
     */
    public static KuboAddress parse(String address) {
        Objects.requireNonNull(address, "address");
        String a = address.trim();
        if (a.startsWith("http://") || a.startsWith("https://")) {
            HttpUrl url = HttpUrl.parse(a);
            if (url == null) {
                throw new IllegalArgumentException("not a valid Kubo API URL: '" + address + "'");
            }
            return new KuboAddress(url.newBuilder().encodedPath("/").query(null).build(), null, a);
        }
        if (!a.startsWith("/")) {
            throw new IllegalArgumentException("Kubo API address '" + address
                    + "' is neither a multiaddr (e.g. /ip4/127.0.0.1/tcp/5001, /unix/path) nor an http(s) URL");
        }
        if (a.startsWith("/unix/")) {
            String path = a.substring("/unix".length());
            if (path.length() < 2) {
                throw new IllegalArgumentException("unix multiaddr '" + address + "' has no socket path");
            }
            HttpUrl placeholder = new HttpUrl.Builder().scheme("http").host("kubo.unix.socket").build();
            return new KuboAddress(placeholder, Path.of(path), a);
        }
        String[] parts = a.substring(1).split("/");
        if (parts.length < 4 || !"tcp".equals(parts[2])) {
            throw new IllegalArgumentException("Kubo API multiaddr '" + address
                    + "' must look like /ip4/<addr>/tcp/<port>[/http|/https]");
        }
        String host;
        switch (parts[0]) {
            case "ip4":
            case "dns":
            case "dns4":
            case "dns6":
                host = parts[1];
                break;
            case "ip6":
                host = "[" + parts[1] + "]";
                break;
            default:
                throw new IllegalArgumentException("unsupported protocol '" + parts[0] + "' in Kubo API multiaddr '" + address + "'");
        }
        int port;
        try {
            port = Integer.parseInt(parts[3]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + parts[3] + "' in multiaddr '" + address + "' is not a number", e);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " in multiaddr '" + address + "' is out of range");
        }
        String scheme = "http";
        if (parts.length == 5 && (parts[4].equals("http") || parts[4].equals("https"))) {
            scheme = parts[4];
        } else if (parts.length > 4) {
            throw new IllegalArgumentException("unexpected suffix after the port in multiaddr '" + address + "'");
        }
        HttpUrl url = HttpUrl.parse(scheme + "://" + host + ":" + port + "/");
        if (url == null) {
            throw new IllegalArgumentException("host '" + parts[1] + "' in multiaddr '" + address + "' is not valid");
        }
        return new KuboAddress(url, null, a);
    }

    /**
     * Finds the running daemon's API the way the ipfs CLI does: the {@code api} file in
     * {@code $IPFS_PATH} (default {@code ~/.ipfs}), else Kubo's default address.
     */
    public static KuboAddress discover() throws IOException {
        return discover(System.getenv());
    }

    /** {@link #discover()} against the given environment (for tests and embedding). */
    public static KuboAddress discover(Map<String, String> env) throws IOException {
        Path apiFile = repoDir(env).resolve("api");
        String content;
        try {
            content = Files.readString(apiFile, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return parse(DEFAULT);
        }
        try {
            return parse(content);
        } catch (IllegalArgumentException e) {
            throw new IOException("the Kubo API file " + apiFile + " holds an unusable address: " + e.getMessage(), e);
        }
    }

    /**
     * The gateway URL Kubo writes to {@code gateway} in {@code $IPFS_PATH} while its daemon runs, if
     * the file exists.
     */
    public static java.util.Optional<String> discoverGateway(Map<String, String> env) throws IOException {
        try {
            String url = Files.readString(repoDir(env).resolve("gateway"), StandardCharsets.UTF_8).trim();
            return url.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(url);
        } catch (NoSuchFileException e) {
            return java.util.Optional.empty();
        }
    }

    /** $IPFS_PATH, else ~/.ipfs, as the ipfs CLI finds its repo. */
    private static Path repoDir(Map<String, String> env) {
        String repo = env.get("IPFS_PATH");
        return repo != null && !repo.isBlank() ? Path.of(repo) : Path.of(System.getProperty("user.home"), ".ipfs");
    }

    @Override
    public String toString() {
        return text;
    }
}
