package dev.vipfs.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module rule of docs/architecture.md, checked on the sources: every vipfs module a module's
 * code names (import or qualified name, main or test) is declared in its own pom, not merely
 * inherited through another module, and the dependencies point only the documented way.
 */
class ModulePomsTest {
    /** Which modules each module may use: mount-helper → fs → {policy, crypto, ipfs}, libc below. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "libc", Set.of(),
            "ipfs", Set.of("libc"),
            "crypto", Set.of(),
            "policy", Set.of("libc"),
            "fs", Set.of("ipfs", "crypto", "policy", "libc"),
            "mount-helper", Set.of("fs", "ipfs", "crypto", "policy", "libc"));
    /** Top-level packages that are not named after their module. */
    private static final Map<String, String> PACKAGE_MODULE = Map.of("cli", "mount-helper", "node", "mount-helper", "exit", "mount-helper", "privilege", "mount-helper",
            "control", "mount-helper");
    private static final Pattern NAMED = Pattern.compile("\\bdev\\.vipfs\\.([a-z]+)\\.");
    private static final Pattern DEPENDENCY = Pattern.compile("<dependency>.*?</dependency>", Pattern.DOTALL);
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    private final Path root = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void theReactorHasExactlyTheDocumentedModules() throws IOException {
        assertEquals(ALLOWED.keySet(), new TreeSet<>(modules()),
                "a module was added or removed: give it its place in ALLOWED and in docs/architecture.md");
    }

    @Test
    void everyModuleDeclaresTheModulesItUsesAndOnlyAllowedOnes() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String module : modules()) {
            String pom = Files.readString(root.resolve(module).resolve("pom.xml"));
            for (String tree : List.of("main", "test")) {
                for (String used : usedModules(module, tree)) {
                    if (!ALLOWED.getOrDefault(module, Set.of()).contains(used)) {
                        problems.add(module + " uses " + used + ", against the module rule of docs/architecture.md");
                    } else if (!declares(pom, used, tree.equals("test"))) {
                        problems.add(module + "'s src/" + tree + " uses " + used + " but its pom.xml does not declare vipfs-"
                                + used + (tree.equals("main") ? " (outside test scope)" : ""));
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Whether a dependency on vipfs-{@code used} is declared, in a scope the main code sees unless {@code forTests}. */
    private static boolean declares(String pom, String used, boolean forTests) {
        Matcher m = DEPENDENCY.matcher(pom);
        while (m.find()) {
            String dependency = m.group();
            if (dependency.contains("<artifactId>vipfs-" + used + "</artifactId>")
                    && (forTests || !dependency.contains("<scope>test</scope>"))) {
                return true;
            }
        }
        return false;
    }

    private List<String> modules() throws IOException {
        List<String> modules = new ArrayList<>();
        Matcher m = MODULE.matcher(Files.readString(root.resolve("pom.xml")));
        while (m.find()) {
            modules.add(m.group(1));
        }
        return modules;
    }

    private Set<String> usedModules(String module, String tree) throws IOException {
        Set<String> used = new TreeSet<>();
        Path src = root.resolve(module).resolve("src").resolve(tree);
        if (!Files.isDirectory(src)) {
            return used;
        }
        try (Stream<Path> files = Files.walk(src)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                Matcher m = NAMED.matcher(read(p));
                while (m.find()) {
                    String owner = PACKAGE_MODULE.getOrDefault(m.group(1), m.group(1));
                    if (!owner.equals(module)) {
                        used.add(owner);
                    }
                }
            });
        }
        return used;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
