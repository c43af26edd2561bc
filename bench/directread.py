#!/usr/bin/env python3
"""Random O_DIRECT preads of SIZE bytes from FILE, 4 KiB-aligned; prints "p50_us p99_us".

The device alone, no page cache and no filesystem daemon: what one random read of SIZE bytes
costs the disk under the file. bench/run compares a whole leaf (what vipfs must read, hash and
decrypt for any 4 KiB inside it) with one 4 KiB block.
Usage: directread.py FILE SIZE [COUNT]
"""
import mmap
import os
import random
import sys
import time


def main():
    if len(sys.argv) < 3:
        print("usage: directread.py FILE SIZE [COUNT]", file=sys.stderr)
        return 2
    path, size = sys.argv[1], int(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    span = (size + 4095) // 4096 * 4096
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECT)
    except OSError as e:
        print(f"directread: cannot open {path} with O_DIRECT: {e.strerror}", file=sys.stderr)
        return 1
    total = os.fstat(fd).st_size
    if total < span + 4096:
        print(f"directread: {path} is smaller than one {span}-byte read", file=sys.stderr)
        return 2
    buf = mmap.mmap(-1, span)  # page-aligned, as O_DIRECT requires
    rng = random.Random(int(os.environ.get("SEED", "4096")))
    lat = []
    try:
        for _ in range(count):
            off = rng.randrange(0, (total - span) // 4096) * 4096
            t = time.perf_counter_ns()
            os.preadv(fd, [buf], off)
            lat.append((time.perf_counter_ns() - t) / 1000)
    finally:
        os.close(fd)
    lat.sort()
    print(f"{lat[len(lat) // 2]:.1f} {lat[min(len(lat) - 1, int(len(lat) * 0.99))]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
