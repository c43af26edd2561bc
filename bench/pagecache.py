#!/usr/bin/env python3
"""What reading a file from the page cache costs, for bench/reread.

  pagecache.py read FILE     one `dd bs=1M` of FILE: MiB/s, then dd's own CPU seconds (user+system)
  pagecache.py folios FILE   how many page-cache folios hold FILE (pages mapped one by one; needs
                             root for /proc/self/pagemap and /proc/kpageflags): folios, mean KiB
  pagecache.py opens FILE    what each open of a cached FILE costs: 3,000 x (stat, open, read 4 KiB,
                             close), p50 and p90 in microseconds
"""
import ctypes
import os
import struct
import subprocess
import sys
import time

PAGE = 4096
KPF_COMPOUND_TAIL = 16


def read(path):
    size = os.path.getsize(path)
    t0 = time.monotonic()
    p = subprocess.Popen(["dd", "if=" + path, "of=/dev/null", "bs=1M", "status=none"])
    _, status, usage = os.wait4(p.pid, 0)
    seconds = time.monotonic() - t0
    if status != 0:
        sys.exit("pagecache.py: dd of " + path + " failed")
    print("%.0f %.3f" % (size / 2**20 / seconds, usage.ru_utime + usage.ru_stime))


def folios(path):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mmap.restype = ctypes.c_void_p
    libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
    fd = os.open(path, os.O_RDONLY)
    size = os.fstat(fd).st_size
    pages = size // PAGE
    base = libc.mmap(None, size, 1, 1, fd, 0)  # PROT_READ, MAP_SHARED
    if base in (None, ctypes.c_void_p(-1).value):
        sys.exit("pagecache.py: cannot map " + path)
    mapped = (ctypes.c_char * size).from_address(base)
    for i in range(pages):
        mapped[i * PAGE]  # each page mapped from the page cache, so pagemap knows its frame
    with open("/proc/self/pagemap", "rb") as pm, open("/proc/kpageflags", "rb") as kf:
        pm.seek(base // PAGE * 8)
        entries = pm.read(pages * 8)
        count = present = 0
        for i in range(pages):
            e = struct.unpack_from("Q", entries, i * 8)[0]
            if not e >> 63 & 1:
                continue
            present += 1
            kf.seek((e & ((1 << 55) - 1)) * 8)
            flags = struct.unpack("Q", kf.read(8))[0]
            if not flags >> KPF_COMPOUND_TAIL & 1:
                count += 1  # a single page or the head of a large folio
    print("%d %.1f" % (count, present * PAGE / 1024 / max(count, 1)))


def opens(path, n=3000):
    took = []
    for _ in range(n):
        t0 = time.perf_counter_ns()
        os.stat(path)
        fd = os.open(path, os.O_RDONLY)
        os.read(fd, PAGE)
        os.close(fd)
        took.append((time.perf_counter_ns() - t0) / 1000)
    took.sort()
    print("%.1f %.1f" % (took[n // 2], took[n * 9 // 10]))


if __name__ == "__main__":
    commands = {"read": read, "folios": folios, "opens": opens}
    if len(sys.argv) != 3 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2])
