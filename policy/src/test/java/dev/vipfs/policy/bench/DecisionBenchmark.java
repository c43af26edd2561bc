package dev.vipfs.policy.bench;

import dev.vipfs.policy.Caller;
import dev.vipfs.policy.Decision;
import dev.vipfs.policy.Operation;
import dev.vipfs.policy.PolicyEngine;
import dev.vipfs.policy.acl.Policy;
import dev.vipfs.policy.acl.PolicyParser;
import dev.vipfs.policy.identity.IdentityBindings;
import dev.vipfs.policy.identity.Subject;
import dev.vipfs.policy.identity.UnixAccounts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Latency of one {@code PolicyEngine.decide} (identity resolution + Vault matching) with 10,000
 * rules, against the same engine holding 10 rules as the in-run baseline. Paths mix exact hits,
 * prefix globs, '+' segments, default-deny misses and LOOKUPs of ancestor directories.
 * Run: {@code bench/jmh --full policy} (or {@code bench/jmh policy} for JMH's short table).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecisionBenchmark {
    @Param({"10", "10000"})
    public int rules;

    private PolicyEngine engine;
    private final Caller caller = new Caller(1000, 1000, new int[] {4, 24, 27, 33}, 1234, "bench");
    private String[] paths;
    private Operation[] ops;
    private int next;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Random rnd = new Random(42);
        StringBuilder hcl = new StringBuilder();
        int cids = Math.max(1, rules / 20);
        for (int i = 0; i < rules; i++) {
            String cid = "bafybeig" + Integer.toString(i % cids, 36) + "q".repeat(40);
            switch (i % 5) {
                case 0, 1 -> hcl.append("path \"").append(cid).append("/docs/file").append(i).append(".txt\" { capabilities = [\"read\"] }\n");
                case 2 -> hcl.append("path \"").append(cid).append("/dir").append(i).append("/*\" { capabilities = [\"read\", \"list\"] }\n");
                case 3 -> hcl.append("path \"").append(cid).append("/+/seg").append(i).append("/*\" { capabilities = [\"read\"] }\n");
                default -> hcl.append("path \"").append(cid).append("/dir").append(i).append("/secret/*\" { capabilities = [\"deny\"] }\n");
            }
        }
        Policy p = PolicyParser.parse("bench", hcl.toString());
        Policy other = PolicyParser.parse("other", "path \"unrelated/*\" { capabilities = [\"read\"] }");
        IdentityBindings b = IdentityBindings.of(Map.of(Subject.parse("group:staff"), List.of("bench"),
                Subject.parse("uid:1000"), List.of("other")), UnixAccounts.of(Map.of(), Map.of("staff", 27)));
        engine = PolicyEngine.of(List.of(p, other), b);
        int n = 4096;
        paths = new String[n];
        ops = new Operation[n];
        for (int k = 0; k < n; k++) {
            int i = rnd.nextInt(rules);
            String cid = "bafybeig" + Integer.toString(i % cids, 36) + "q".repeat(40);
            switch (rnd.nextInt(6)) {
                case 0 -> {
                    paths[k] = cid + "/docs/file" + i + ".txt";
                    ops[k] = Operation.READ;
                }
                case 1 -> {
                    paths[k] = cid + "/dir" + i + "/report-" + k + ".csv";
                    ops[k] = Operation.READ;
                }
                case 2 -> {
                    paths[k] = cid + "/x" + k + "/seg" + i + "/deep/a.bin";
                    ops[k] = Operation.READ;
                }
                case 3 -> {
                    paths[k] = cid + "/nothing/here/" + k;
                    ops[k] = Operation.READ;
                }
                case 4 -> {
                    paths[k] = cid + "/dir" + i;
                    ops[k] = Operation.LOOKUP;
                }
                default -> {
                    paths[k] = cid;
                    ops[k] = Operation.LOOKUP;
                }
            }
        }
        // Compile outside the measurement, as a mount's first request would.
        for (int k = 0; k < n; k++) {
            engine.decide(caller, paths[k], ops[k]);
        }
    }

    @Benchmark
    public Decision decide() {
        int k = next++ & (paths.length - 1);
        return engine.decide(caller, paths[k], ops[k]);
    }

    /** Runs both sizes and prints p50/p99 and their ratio to the 10-rule baseline from this run. */
    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(DecisionBenchmark.class.getName() + ".decide").build()).run();
        List<RunResult> sorted = new ArrayList<>(results);
        sorted.sort((a, b) -> Integer.compare(Integer.parseInt(a.getParams().getParam("rules")),
                Integer.parseInt(b.getParams().getParam("rules"))));
        double baseP99 = sorted.get(0).getPrimaryResult().getStatistics().getPercentile(99);
        for (RunResult r : sorted) {
            var st = r.getPrimaryResult().getStatistics();
            double p99 = st.getPercentile(99);
            System.out.printf("policy decide, %5s rules: p50 %.3f us, p99 %.3f us, p99.9 %.3f us; p99 ratio to 10-rule baseline %.2fx; goal p99 <= 5 us: %s%n",
                    r.getParams().getParam("rules"), st.getPercentile(50), p99, st.getPercentile(99.9), p99 / baseP99,
                    p99 <= 5.0 ? "met" : "NOT met");
        }
    }
}
