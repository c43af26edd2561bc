package dev.vipfs.cli;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How vipfs logs: the level from --log-level or VIPFS_LOG_LEVEL (read before any logger exists, since
 * slf4j-simple fixes it then), and under systemd a journald priority on every stderr line ("<3>"…),
 * so `journalctl -p err` finds errors among the daemon's messages.
 */
final class LogSetup {
    static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error", "off");
    private static final String LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";
    private static boolean journal;

    private LogSetup() { }

    /** Applies the level (first --log-level in args, else VIPFS_LOG_LEVEL) and, under journald, the prefixes. */
    static void configure(String[] args) {
        String level = System.getenv("VIPFS_LOG_LEVEL");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--log-level") && i + 1 < args.length) {
                level = args[i + 1];
                break;
            }
            if (args[i].startsWith("--log-level=")) {
                level = args[i].substring("--log-level=".length());
                break;
            }
        }
        if (level != null && LEVELS.contains(level.toLowerCase(Locale.ROOT))) {
            System.setProperty(LEVEL_PROPERTY, level.toLowerCase(Locale.ROOT));
        }
        if (!journal && stderrIsJournal()) {
            journal = true;
            System.setErr(new PrintStream(new JournalLines(new FileOutputStream(FileDescriptor.err)), true, StandardCharsets.UTF_8));
        }
    }

    /** Whether stderr is the journal stream systemd announced (JOURNAL_STREAM=dev:inode of fd 2). */
    private static boolean stderrIsJournal() {
        String js = System.getenv("JOURNAL_STREAM");
        if (js == null || !js.contains(":")) {
            return false;
        }
        try {
            Path fd2 = Path.of("/proc/self/fd/2");
            long dev = ((Number) Files.getAttribute(fd2, "unix:dev")).longValue();
            long ino = ((Number) Files.getAttribute(fd2, "unix:ino")).longValue();
            String[] p = js.split(":");
            return Long.parseLong(p[0]) == dev && Long.parseLong(p[1]) == ino;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Prefixes each line with its syslog priority, from the logger's level or vipfs's own wording. */
    static final class JournalLines extends OutputStream {
        private static final Pattern SLF4J = Pattern.compile("^(?:\\[[^\\]]*\\] )?(ERROR|WARN|INFO|DEBUG|TRACE) ");
        private final OutputStream out;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private int last = 6;

        JournalLines(OutputStream out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            line.write(b);
            if (b == '\n') {
                emit();
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            out.flush();
        }

        private void emit() throws IOException {
            String s = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (!s.matches("(?s)^<[0-7]>.*")) {
                last = priority(s, last);
                out.write(("<" + last + ">").getBytes(StandardCharsets.US_ASCII));
            }
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** A stack trace's lines keep the priority of the line they belong to. */
        static int priority(String s, int previous) {
            if (s.startsWith("\t") || s.startsWith("Caused by:") || s.startsWith("\tat ")) {
                return previous;
            }
            Matcher m = SLF4J.matcher(s);
            if (m.find()) {
                return switch (m.group(1)) {
                    case "ERROR" -> 3;
                    case "WARN" -> 4;
                    case "INFO" -> 6;
                    default -> 7;
                };
            }
            if (s.startsWith("vipfs: warning:")) {
                return 4;
            }
            if (s.startsWith("vipfs: error:") || s.contains(" failed")) {
                return 3;
            }
            return 6;
        }
    }

    /** Whether stderr lines carry journald priorities (Main marks a command's failure as an error). */
    static boolean journal() {
        return journal;
    }
}
