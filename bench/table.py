#!/usr/bin/env python3
"""Turns the raw samples of bench/run into the side-by-side table of medians.

Input: a TSV of "key<TAB>value" lines, one per sample (a key may repeat once per run), and
"key<TAB>n/a: reason" lines for measurements that could not run. Output: the table on stdout
(plain text), plus RESULTS.md (Markdown table) and RESULTS.json (for bench/chart.py) when an
output prefix is given.

Every ratio reads "higher is better for vipfs": throughput is vipfs/anchor, latency, time and
memory are anchor/vipfs, so one goal column (">= x") fits every row.
Usage: table.py [--rows ID,ID...] SAMPLES.tsv [OUTPUT_PREFIX]   (--rows: only those rows, e.g. 8,9)
"""
import json
import statistics
import sys

# id, what, unit, vipfs key, anchor label, anchor key (or a number: a fixed limit),
# higher_is_better, goal (minimum ratio) or None when the issue sets no goal.
ROWS = [
    ("1", "sequential read, cold", "MiB/s", "vipfs_read_cold", "gocryptfs", "gocryptfs_read_cold", True, 1.0),
    ("1", "sequential re-read", "MiB/s", "vipfs_reread", "page cache", "pagecache_read", True, 0.8),
    ("1", "sequential read, warm fresh mount", "MiB/s", "vipfs_read_warm", "gocryptfs", "gocryptfs_read_warm", True, 1.0),
    ("2", "cold read, Kubo store", "MiB/s", "vipfs_kubo_read", "ipfs cat", "ipfs_cat", True, 0.9),
    ("2", "cold read, Kubo store", "MiB/s", "vipfs_kubo_read", "Kubo FUSE", "kubo_fuse_read", True, 3.0),
    # Row 2's limit (issue #16, session 5): Kubo answering the mount's requests to curl > /dev/null,
    # and the design floor on Kubo (KuboFloor: those requests, every leaf checked and opened, no
    # FUSE) on a fresh and a warm JVM; CPU-s per GiB of Kubo and of the reader, and of both together
    # (on 2 cores, 2 x 1,024 / that sum bounds MiB/s).
    ("2", "Kubo serving alone (curl, the mount's requests)", "MiB/s", "kubo_serve", "ipfs cat", "ipfs_cat", True, None),
    ("2", "design floor on Kubo, fresh JVM", "MiB/s", "kubo_floor_fresh", "ipfs cat", "ipfs_cat", True, None),
    ("2", "design floor on Kubo, warm JVM", "MiB/s", "kubo_floor_warm", "ipfs cat", "ipfs_cat", True, None),
    ("2", "cold read, Kubo store vs design floor", "MiB/s", "vipfs_kubo_read", "floor, fresh JVM", "kubo_floor_fresh", True, None),
    ("2", "Kubo CPU per GiB, serving curl", "CPU-s", "kubo_serve_kubo_cpu", "ipfs cat", "ipfs_cat_kubo_cpu", False, None),
    ("2", "Kubo CPU per GiB, serving the floor (fresh)", "CPU-s", "kubo_floor_fresh_kubo_cpu", "ipfs cat", "ipfs_cat_kubo_cpu", False, None),
    ("2", "Kubo CPU per GiB, serving the mount", "CPU-s", "vipfs_kubo_read_kubo_cpu", "ipfs cat", "ipfs_cat_kubo_cpu", False, None),
    ("2", "reader CPU per GiB, floor fresh JVM", "CPU-s", "kubo_floor_fresh_cpu", "ipfs cat CLI", "ipfs_cat_client_cpu", False, None),
    ("2", "reader CPU per GiB, floor warm JVM", "CPU-s", "kubo_floor_warm_cpu", "ipfs cat CLI", "ipfs_cat_client_cpu", False, None),
    ("2", "daemon CPU per GiB, Kubo store", "CPU-s", "vipfs_kubo_read_cpu", "floor, fresh JVM", "kubo_floor_fresh_cpu", False, None),
    ("2", "Kubo + reader CPU per GiB, curl", "CPU-s", "kubo_serve_total_cpu", "ipfs cat", "ipfs_cat_total_cpu", False, None),
    ("2", "Kubo + reader CPU per GiB, floor fresh", "CPU-s", "kubo_floor_fresh_total_cpu", "ipfs cat", "ipfs_cat_total_cpu", False, None),
    ("2", "Kubo + reader CPU per GiB, floor warm", "CPU-s", "kubo_floor_warm_total_cpu", "ipfs cat", "ipfs_cat_total_cpu", False, None),
    ("2", "Kubo + daemon CPU per GiB, cold read", "CPU-s", "vipfs_kubo_read_total_cpu", "floor, fresh JVM", "kubo_floor_fresh_total_cpu", False, None),
    ("3", "random 4 KiB read p50", "us", "vipfs_rand_p50", "gocryptfs", "gocryptfs_rand_p50", False, 0.7),
    ("3", "random 4 KiB read p99", "us", "vipfs_rand_p99", "gocryptfs", "gocryptfs_rand_p99", False, 0.5),
    ("4", "ls -l HAMT directory", "ms", "vipfs_ls", "Kubo FUSE", "kubo_ls", False, 3.0),
    # Row 4's floor (a no-op FUSE daemon's ls -l, same entries and kernel timeouts, fresh JVM): a ratio
    # below the goal here means no daemon on this JVM and transport meets it.
    ("4", "no-op FUSE ls -l (floor)", "ms", "nullfuse_ls", "Kubo FUSE", "kubo_ls", False, None),
    ("4", "ls -l vs floor", "ms", "vipfs_ls", "no-op FUSE", "nullfuse_ls", False, None),
    ("4", "ls -l daemon CPU vs floor", "CPU-s", "vipfs_ls_cpu", "no-op FUSE", "nullfuse_ls_cpu", False, None),
    ("5", "nginx+wrk 4 KiB file", "req/s", "vipfs_web_4k", "plain dir", "plain_web_4k", True, None),
    ("5", "nginx+wrk 1 MiB file", "req/s", "vipfs_web_1m", "plain dir", "plain_web_1m", True, 0.8),
    ("5", "nginx+wrk 4 KiB file", "req/s", "vipfs_web_4k", "gocryptfs", "gocryptfs_web_4k", True, 1.5),
    ("5", "nginx+wrk 1 MiB file", "req/s", "vipfs_web_1m", "gocryptfs", "gocryptfs_web_1m", True, None),
    # Row 5's floor: nginx on a no-op FUSE daemon (NullWeb: the same requests reach it as reach vipfs).
    ("5", "no-op FUSE nginx 4 KiB (floor)", "req/s", "nullweb_web_4k", "gocryptfs", "gocryptfs_web_4k", True, None),
    ("5", "nginx+wrk 4 KiB vs floor", "req/s", "vipfs_web_4k", "no-op FUSE", "nullweb_web_4k", True, None),
    # ...and the floor of any design that audits each open as vipfs must (NullWeb --audit: the same two
    # audit lines per open, written by vipfs's AuditLog before the answer, nothing else).
    ("5", "audited no-op FUSE nginx 4 KiB (floor)", "req/s", "auditweb_web_4k", "gocryptfs", "gocryptfs_web_4k", True, None),
    ("5", "nginx+wrk 4 KiB vs audited floor", "req/s", "vipfs_web_4k", "audited no-op", "auditweb_web_4k", True, None),
    ("5", "no-op FUSE nginx 1 MiB (floor)", "req/s", "nullweb_web_1m", "plain dir", "plain_web_1m", True, None),
    ("5", "nginx+wrk 1 MiB vs floor", "req/s", "vipfs_web_1m", "no-op FUSE", "nullweb_web_1m", True, None),
    ("6", "sequential write", "MiB/s", "vipfs_write", "gocryptfs", "gocryptfs_write", True, 1.0),
    ("6", "sequential write", "MiB/s", "vipfs_write", "ipfs add", "ipfs_add", True, None),
    ("7", "daemon peak RSS during 1", "MiB", "vipfs_rss", "limit", 256.0, False, 1.0),
    # What the warm-up before serving costs: every vipfs mount of the run, started until its root answers.
    ("7", "mount start until it answers", "ms", "vipfs_up", "gocryptfs", "gocryptfs_up", False, None),
    ("8", "import --plain --only-hash", "MiB/s", "vipfs_import_hash", "ipfs add -n", "ipfs_import_hash", True, None),
    ("8", "import into the store", "MiB/s", "vipfs_import_store", "ipfs add", "ipfs_import_store", True, None),
    ("9", "UnixFS random 4 KiB p50", "us", "reader_rand_p50", "Kubo RPC cat", "kubo_rand_p50", False, None),
    ("9", "UnixFS random 4 KiB p99", "us", "reader_rand_p99", "Kubo RPC cat", "kubo_rand_p99", False, None),
    ("9", "UnixFS random 4 KiB p50", "us", "reader_rand_p50", "pread plain", "pread_rand_p50", False, None),
    # Row 10: the floor. A ratio below a row 1/3 goal here means no FUSE daemon on this JVM meets it.
    ("10", "no-op FUSE seq read (floor)", "MiB/s", "nullfuse_seq", "gocryptfs warm", "gocryptfs_read_warm", True, None),
    ("10", "no-op FUSE random 4 KiB p50 (floor)", "us", "nullfuse_rand_p50", "gocryptfs", "gocryptfs_rand_p50", False, None),
    ("10", "no-op FUSE random 4 KiB p99 (floor)", "us", "nullfuse_rand_p99", "gocryptfs", "gocryptfs_rand_p99", False, None),
    ("10", "warm fresh-mount read vs floor", "MiB/s", "vipfs_read_warm", "no-op FUSE", "nullfuse_seq", True, None),
    ("10", "random 4 KiB p50 vs floor", "us", "vipfs_rand_p50", "no-op FUSE", "nullfuse_rand_p50", False, None),
    # The design's floor for row 3: no-op FUSE p50 + the device's p50 for one leaf + SHA-256 and
    # AES-GCM of one leaf (bench/LeafCost.java): the best row 3 ratio this leaf size allows.
    ("10", "device random read, one leaf p50", "us", "device_leaf_p50", "device 4 KiB", "device_4k_p50", False, None),
    ("10", "SHA-256 + AES-GCM of one leaf", "us", "leaf_cpu_us", "gocryptfs", "gocryptfs_rand_p50", False, None),
    ("10", "design floor, random 4 KiB p50", "us", "design_rand_floor", "gocryptfs", "gocryptfs_rand_p50", False, None),
    ("10", "random 4 KiB p50 vs design floor", "us", "vipfs_rand_p50", "design floor", "design_rand_floor", False, None),
    # The design's floors for rows 1 (cold) and 3, measured: NullFuse --leaf-work --leaf-file reads
    # each leaf from a file of sealed leaves, page cache dropped, then hashes and opens it.
    ("10", "design floor seq read, cold, fresh JVM", "MiB/s", "design_seq_floor_cold", "gocryptfs cold", "gocryptfs_read_cold", True, None),
    ("10", "seq read, cold vs design floor", "MiB/s", "vipfs_read_cold", "design floor", "design_seq_floor_cold", True, None),
    ("10", "design floor CPU per GiB, cold", "CPU-s", "design_seq_floor_cold_cpu", "gocryptfs", "gocryptfs_seq_warm_cpu", False, None),
    ("10", "design floor random 4 KiB p50, measured", "us", "design_rand_p50", "gocryptfs", "gocryptfs_rand_p50", False, None),
    ("10", "design floor random 4 KiB p99, measured", "us", "design_rand_p99", "gocryptfs", "gocryptfs_rand_p99", False, None),
    ("10", "random 4 KiB p50 vs measured design floor", "us", "vipfs_rand_p50", "design floor", "design_rand_p50", False, None),
    ("10", "random 4 KiB p99 vs measured design floor", "us", "vipfs_rand_p99", "design floor", "design_rand_p99", False, None),
    ("10", "no-op FUSE re-read (floor)", "MiB/s", "nullfuse_reread", "page cache", "pagecache_read", True, None),
    ("10", "re-read vs floor", "MiB/s", "vipfs_reread", "no-op FUSE", "nullfuse_reread", True, None),
    # Row 1's floor in this design, measured (NullFuse --leaf-work: SHA-256 + AES-GCM of every leaf,
    # from memory): a fresh JVM's first read and the same JVM's second, beside vipfs read the same way.
    ("10", "design floor seq read, fresh JVM", "MiB/s", "design_seq_floor_fresh", "gocryptfs warm", "gocryptfs_read_warm", True, None),
    ("10", "design floor seq read, warm JVM", "MiB/s", "design_seq_floor_warm", "gocryptfs warm", "gocryptfs_read_warm", True, None),
    ("10", "seq read, fresh JVM", "MiB/s", "vipfs_seq_fresh", "gocryptfs warm", "gocryptfs_read_warm", True, None),
    ("10", "seq read, warm JVM", "MiB/s", "vipfs_seq_warm", "gocryptfs warm", "gocryptfs_read_warm", True, None),
    ("10", "seq read, fresh JVM vs design floor", "MiB/s", "vipfs_seq_fresh", "design floor", "design_seq_floor_fresh", True, None),
    ("10", "seq read, warm JVM vs design floor", "MiB/s", "vipfs_seq_warm", "design floor", "design_seq_floor_warm", True, None),
    ("10", "daemon CPU per GiB, fresh JVM", "CPU-s", "vipfs_seq_fresh_cpu", "design floor", "design_seq_floor_fresh_cpu", False, None),
    ("10", "daemon CPU per GiB, warm JVM", "CPU-s", "vipfs_seq_warm_cpu", "design floor", "design_seq_floor_warm_cpu", False, None),
    ("10", "design floor CPU per GiB, warm JVM", "CPU-s", "design_seq_floor_warm_cpu", "gocryptfs", "gocryptfs_seq_warm_cpu", False, None),
    # Its ratio here is the transport's share of the floor's CPU (the rest: SHA-256 and AES-GCM).
    ("10", "design floor CPU per GiB, fresh JVM", "CPU-s", "design_seq_floor_fresh_cpu", "no-op FUSE", "noop_seq_fresh_cpu", False, None),
    ("10", "design floor CPU per GiB, warm JVM", "CPU-s", "design_seq_floor_warm_cpu", "no-op FUSE", "noop_seq_warm_cpu", False, None),
    ("9", "UnixFS random 4 KiB p99", "us", "reader_rand_p99", "pread plain", "pread_rand_p99", False, None),
]


def load(path):
    samples, reasons = {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or "\t" not in line:
                continue
            key, value = line.split("\t", 1)
            if value.startswith("n/a"):
                reasons.setdefault(key, value)
                continue
            try:
                samples.setdefault(key, []).append(float(value))
            except ValueError:
                reasons.setdefault(key, "n/a: unparsable sample '" + value + "'")
    return samples, reasons


def fmt(v):
    if v is None:
        return "-"
    if v >= 100:
        return f"{v:,.0f}"
    return f"{v:.2f}" if v < 10 else f"{v:.1f}"


def build(samples, reasons, only=None):
    out = []
    for rid, what, unit, vkey, alabel, akey, higher, goal in ROWS:
        if only and rid not in only:
            continue
        vals = samples.get(vkey)
        vmed = statistics.median(vals) if vals else None
        if isinstance(akey, float):
            amed, aname = akey, f"{alabel} {akey:g} {unit}"
        else:
            avals = samples.get(akey)
            amed, aname = (statistics.median(avals) if avals else None), alabel
        ratio = None
        if vmed and amed:
            ratio = vmed / amed if higher else amed / vmed
        note = ""
        if vmed is None:
            note = reasons.get(vkey) or (reasons.get(akey) if isinstance(akey, str) else None) or "n/a: not measured"
        elif amed is None:
            note = reasons.get(akey, "n/a: anchor not measured")
        if ratio is None:
            result = "n/a"
        elif goal is None:
            result = "info"
        else:
            result = "PASS" if ratio >= goal else "MISS"
        out.append({
            "row": rid, "what": what, "unit": unit, "vipfs": vmed, "anchor": aname, "anchor_value": amed,
            "ratio": ratio, "goal": goal, "result": result, "note": note,
            "runs": len(vals) if vals else 0,
        })
    return out


def text_table(rows):
    head = ["#", "measurement", "unit", "vipfs", "anchor", "anchor value", "ratio", "goal", "result"]
    body = []
    for r in rows:
        result = r["result"] if r["result"] != "n/a" else r["note"]
        body.append([r["row"], r["what"], r["unit"], fmt(r["vipfs"]), r["anchor"], fmt(r["anchor_value"]),
                     (fmt(r["ratio"]) + "x") if r["ratio"] else "-",
                     (f">= {r['goal']:g}x") if r["goal"] else "-", result])
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(head, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for b in body:
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(b, widths)).rstrip())
    return "\n".join(lines)


def md_table(rows):
    lines = ["| # | measurement | unit | vipfs | anchor | anchor value | ratio | goal | result |",
             "|---|---|---|---:|---|---:|---:|---|---|"]
    for r in rows:
        result = r["result"] if r["result"] != "n/a" else r["note"]
        lines.append("| {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
            r["row"], r["what"], r["unit"], fmt(r["vipfs"]), r["anchor"], fmt(r["anchor_value"]),
            (fmt(r["ratio"]) + "×") if r["ratio"] else "-", (f"≥ {r['goal']:g}×") if r["goal"] else "-",
            result))
    return "\n".join(lines)


def main():
    args = sys.argv[1:]
    only = None
    if args[:1] == ["--rows"] and len(args) > 1:
        only = set(args[1].split(","))
        args = args[2:]
    if not args or args[0] in ("-h", "--help"):
        print("usage: table.py [--rows ID,ID...] SAMPLES.tsv [OUTPUT_PREFIX]", file=sys.stderr)
        return 0 if args else 2
    samples, reasons = load(args[0])
    rows = build(samples, reasons, only)
    print(text_table(rows))
    print("ratio: vipfs relative to the anchor, higher is better for vipfs "
          "(throughput vipfs/anchor; latency, time, memory anchor/vipfs); medians over runs")
    if len(args) > 1:
        prefix = args[1]
        with open(prefix + ".md", "w", encoding="utf-8") as f:
            f.write(md_table(rows) + "\n")
        with open(prefix + ".json", "w", encoding="utf-8") as f:
            json.dump(rows, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
