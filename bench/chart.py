#!/usr/bin/env python3
"""Draws the ratios of a bench/run result (RESULTS.json from bench/table.py) as a bar chart.

One bar per row, its goal as a tick mark, 1.0 (parity with the anchor) as a line; rows that could
not run are left out and listed under the chart. Needs matplotlib (Debian: python3-matplotlib).
Usage: chart.py RESULTS.json OUT.png [TITLE]
"""
import json
import sys

import matplotlib
import matplotlib.ticker

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)


def main():
    if len(sys.argv) < 3:
        print("usage: chart.py RESULTS.json OUT.png [TITLE]", file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        rows = json.load(f)
    title = sys.argv[3] if len(sys.argv) > 3 else "vipfs relative to its anchors (higher is better)"
    shown = [r for r in rows if r["ratio"]]
    missing = [f"{r['row']} {r['what']} vs {r['anchor']}: {r['note']}" for r in rows if not r["ratio"]]
    labels = [f"{r['row']}. {r['what']}\nvs {r['anchor']}" for r in shown]
    colors = []
    for r in shown:
        colors.append({"PASS": "#2e7d32", "MISS": "#c62828"}.get(r["result"], "#607d8b"))
    fig, ax = plt.subplots(figsize=(10, 0.55 * max(4, len(shown)) + 1.6 + 0.2 * len(missing)))
    y = list(range(len(shown)))[::-1]
    ax.barh(y, [r["ratio"] for r in shown], color=colors)
    for yi, r in zip(y, shown):
        ax.text(r["ratio"], yi, f" {r['ratio']:.2f}x {r['result']}", va="center", fontsize=8)
        if r["goal"]:
            ax.plot([r["goal"], r["goal"]], [yi - 0.4, yi + 0.4], color="black", linewidth=2)
    ax.axvline(1.0, color="grey", linestyle="--", linewidth=1)
    ax.set_xscale("log")
    ratios = [r["ratio"] for r in shown] + [r["goal"] for r in shown if r["goal"]] + [1.0]
    ax.set_xlim(min(ratios) / 1.5, max(ratios) * 2.0)
    fmt = matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}x")
    ax.xaxis.set_major_formatter(fmt)
    # Minor ticks crowd on a log axis: label only the 2s and 5s of each decade.
    ax.xaxis.set_minor_formatter(matplotlib.ticker.FuncFormatter(
        lambda v, _: f"{v:g}x" if f"{v:.0e}"[0] in "25" else ""))
    ax.tick_params(axis="x", which="both", labelsize=7)
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_xlabel("ratio (log scale; black tick = goal, dashed = parity; green PASS, red MISS, grey no goal)")
    ax.set_title(title, fontsize=10)
    if missing:
        fig.text(0.01, 0.01, "not measured:\n" + "\n".join(missing), fontsize=7, va="bottom")
    fig.tight_layout(rect=(0, 0.03 + 0.025 * len(missing), 1, 1))
    fig.savefig(sys.argv[2], dpi=110)
    return 0


if __name__ == "__main__":
    sys.exit(main())
