#!/usr/bin/env python3
"""Random 4 KiB preads from one file; prints "p50_us p99_us" of the per-read latencies.

Plain buffered pread (no O_DIRECT, which FUSE mounts may refuse): the caller makes it cold by
dropping the page cache and using a fresh mount. The offsets come from a fixed seed so every
filesystem sees the same sequence.
Usage: randread.py FILE [COUNT] [BLOCK]
"""
import os
import random
import sys
import time


def main():
    if len(sys.argv) < 2:
        print("usage: randread.py FILE [COUNT] [BLOCK]", file=sys.stderr)
        return 2
    path = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    block = int(sys.argv[3]) if len(sys.argv) > 3 else 4096
    size = os.stat(path).st_size
    if size < block:
        print(f"randread: {path} is smaller than one {block}-byte read", file=sys.stderr)
        return 2
    rng = random.Random(4096)
    offsets = [rng.randrange(0, size // block) * block for _ in range(count)]
    fd = os.open(path, os.O_RDONLY)
    lat = []
    try:
        for off in offsets:
            t0 = time.perf_counter_ns()
            data = os.pread(fd, block, off)
            lat.append(time.perf_counter_ns() - t0)
            if len(data) != block:
                print(f"randread: short read at {off}: {len(data)} bytes", file=sys.stderr)
                return 1
    finally:
        os.close(fd)
    lat.sort()

    def pct(p):
        return lat[min(len(lat) - 1, int(p / 100.0 * len(lat)))] / 1000.0

    print(f"{pct(50):.1f} {pct(99):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
