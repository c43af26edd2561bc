package dev.vipfs.ipfs.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A throwaway offline Kubo daemon for tests: a temp repo initialised with the {@code test}
 * profile (no bootstrap peers, no MDNS, everything on 127.0.0.1 with OS-chosen ports), started
 * with {@code --offline}, and killed on {@link #close()} or JVM exit. Never reaches other hosts.
 */
public final class KuboDaemon implements AutoCloseable {
    /** Where {@code scripts/ensure-kubo} caches the pinned Kubo build. */
    public static final Path DEFAULT_BINARY = Path.of(System.getProperty("user.home"), ".cache/vipfs/kubo-v0.42.0/ipfs");

    private static final Pattern GATEWAY_LINE = Pattern.compile("Gateway server listening on (\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path binary;
    private final Path repo;
    private final Process process;
    private final Path log;
    private final String apiAddress;
    private final String gatewayUrl;
    private final Thread shutdownHook;

    private KuboDaemon(Path binary, Path repo, Process process, Path log, String apiAddress, String gatewayUrl) {
        this.binary = binary;
        this.repo = repo;
        this.process = process;
        this.log = log;
        this.apiAddress = apiAddress;
        this.gatewayUrl = gatewayUrl;
        this.shutdownHook = new Thread(process::destroyForcibly, "kubo-daemon-killer");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * The Kubo binary: system property {@code vipfs.kubo}, else env {@code VIPFS_KUBO}, else the
     * ensure-kubo cache. Fails with instructions if none is executable.
     */
    public static Path binary() {
        String configured = System.getProperty("vipfs.kubo");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("VIPFS_KUBO");
        }
        Path p = configured != null && !configured.isBlank() ? Path.of(configured) : DEFAULT_BINARY;
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException("Kubo binary not found at " + p + ". Run scripts/ensure-kubo (it prints the path)"
                    + " and pass it as -Dvipfs.kubo=<path> or VIPFS_KUBO=<path>.");
        }
        return p;
    }

    /** Starts a daemon with a TCP API. */
    public static KuboDaemon start() throws IOException {
        return start(new Options());
    }

    /** Starts a daemon with the given options. */
    public static KuboDaemon start(Options options) throws IOException {
        Path binary = binary();
        Path repo = Files.createTempDirectory("vipfs-kubo-");
        run(binary, repo, Duration.ofSeconds(60), "init", "--profile=test", "--empty-repo");
        configure(repo, options);
        Path log = repo.resolve("daemon.log");
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "daemon", "--offline")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("IPFS_PATH", repo.toString());
        Process process = pb.start();
        try {
            String[] addrs = awaitReady(process, repo, log);
            return new KuboDaemon(binary, repo, process, log, addrs[0], addrs[1]);
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static void configure(Path repo, Options options) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path file = repo.resolve("config");
        ObjectNode config = (ObjectNode) json.readTree(file.toFile());
        ObjectNode addresses = (ObjectNode) config.get("Addresses");
        if (options.unixSocket) {
            addresses.put("API", "/unix" + repo.resolve("api.sock"));
        }
        if (options.authSecret != null) {
            ObjectNode api = config.withObjectProperty("API");
            ObjectNode auth = api.putObject("Authorizations").putObject("test");
            auth.put("AuthSecret", options.authSecret);
            auth.putArray("AllowedPaths").add("/api/v0");
        }
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), config);
    }

    private static String[] awaitReady(Process process, Path repo, Path log) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Kubo daemon exited with " + process.exitValue() + " during startup:\n" + Files.readString(log));
            }
            String out = Files.readString(log);
            Matcher m = GATEWAY_LINE.matcher(out);
            Path apiFile = repo.resolve("api");
            if (out.contains("Daemon is ready") && m.find() && Files.exists(apiFile)) {
                String api = Files.readString(apiFile).trim();
                return new String[] {api, multiaddrToUrl(m.group(1))};
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the Kubo daemon");
            }
        }
        throw new IOException("Kubo daemon not ready within " + START_TIMEOUT.toSeconds() + " s:\n" + Files.readString(log));
    }

    private static String multiaddrToUrl(String ma) {
        String[] p = ma.substring(1).split("/");
        return "http://" + p[1] + ":" + p[3];
    }

    /** The API address as Kubo wrote it to {@code $IPFS_PATH/api} (multiaddr). */
    public String apiAddress() {
        return apiAddress;
    }

    /** The API as an http URL (TCP APIs only). */
    public String apiUrl() {
        return multiaddrToUrl(apiAddress);
    }

    /** The gateway's base URL, e.g. {@code http://127.0.0.1:40123}. */
    public String gatewayUrl() {
        return gatewayUrl;
    }

    /** The repo directory ({@code IPFS_PATH}). */
    public Path repo() {
        return repo;
    }

    /** Runs an ipfs CLI command against this daemon and returns its stdout as bytes. */
    public byte[] runBytes(String... args) throws IOException {
        return run(binary, repo, Duration.ofSeconds(120), args);
    }

    /** Runs an ipfs CLI command against this daemon and returns its trimmed stdout. */
    public String run(String... args) throws IOException {
        return new String(runBytes(args), StandardCharsets.UTF_8).trim();
    }

    /** Runs {@code ipfs <args>} with {@code stdin} piped in, returning trimmed stdout. */
    public String runWithInput(Path stdin, String... args) throws IOException {
        return new String(run(binary, repo, Duration.ofSeconds(120), stdin, args), StandardCharsets.UTF_8).trim();
    }

    private static byte[] run(Path binary, Path repo, Duration timeout, String... args) throws IOException {
        return run(binary, repo, timeout, null, args);
    }

    private static byte[] run(Path binary, Path repo, Duration timeout, Path stdin, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("IPFS_PATH", repo.toString());
        Path err = Files.createTempFile(repo, "stderr-", ".txt");
        pb.redirectError(err.toFile());
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        } else {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "ipfs-cli-stdout");
        reader.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("ipfs " + String.join(" ", args) + " did not finish within " + timeout.toSeconds() + " s");
            }
            reader.join();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running ipfs " + String.join(" ", args));
        }
        if (p.exitValue() != 0) {
            throw new IOException("ipfs " + String.join(" ", args) + " exited with " + p.exitValue() + ": " + Files.readString(err).trim());
        }
        Files.deleteIfExists(err);
        return out.toByteArray();
    }

    /** Kills the daemon now (simulating a crash) without removing the repo. */
    public void kill() throws IOException {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while killing the Kubo daemon");
        }
    }

    /** Stops (SIGSTOP) the daemon: it keeps its sockets open but answers nothing, like a hung node. */
    public void freeze() throws IOException {
        signal("STOP");
        // kill(1) returns once the signal is queued; the group stop reaches each thread later, and a
        // request sent before the last thread stops can still be answered (seen on a loaded CI host).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!allThreadsStopped()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("Kubo daemon " + process.pid() + " did not stop within 10 s of SIGSTOP");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for the Kubo daemon to stop");
            }
        }
    }

    private boolean allThreadsStopped() throws IOException {
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) threads::iterator) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue;
                }
                // The state follows the parenthesised command name, which may itself hold spaces.
                char state = stat.charAt(stat.lastIndexOf(')') + 2);
                if (state != 'T' && state != 't') {
                    return false;
                }
            }
            return true;
        }
    }

    /** Resumes (SIGCONT) a frozen daemon. */
    public void thaw() throws IOException {
        signal("CONT");
    }

    private void signal(String name) throws IOException {
        try {
            Process p = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("could not send SIG" + name + " to the Kubo daemon " + process.pid());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted signalling the Kubo daemon");
        }
    }

    /** True while the daemon process runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the daemon and deletes its repo. */
    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to; nothing to remove.
        }
        try (Stream<Path> files = Files.walk(repo)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Returns the daemon log so far, for failure messages. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Sends a raw HTTP GET to the gateway, for tests that check what Kubo itself serves. */
    public HttpResponse<byte[]> gatewayGet(String pathAndQuery) throws IOException {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gatewayUrl + pathAndQuery)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** Daemon options. */
    public static final class Options {
        private boolean unixSocket;
        private String authSecret;

        /** Serve the API on a unix socket inside the repo instead of TCP. */
        public Options unixSocket() {
            this.unixSocket = true;
            return this;
        }

        /** Require this {@code API.Authorizations} secret ({@code basic:u:p} or {@code bearer:t}). */
        public Options auth(String secret) {
            this.authSecret = secret;
            return this;
        }
    }
}
