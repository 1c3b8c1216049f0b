#!/usr/bin/env python3
"""Times two or more builds of a command on the same arguments, taking turns, so that a noisy
machine slows them alike; prints each one's median and best wall time, median CPU time
(user + system of the process and its threads) and median core time lost: cores × wall − CPU,
the time a core sat idle while the command ran (0 when every core is busy throughout).

Usage: benches/alternate.py [--rounds N] BINARY... -- ARGUMENTS...
  e.g. benches/alternate.py --rounds 40 /tmp/mteval-before target/release/mteval -- \\
           score -r ref.de sys1.de sys2.de -m bleu,chrf
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time


def run_once(binary, arguments):
    """Wall and CPU milliseconds of one run (output discarded; a failed run stops the bench)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    finished = subprocess.run([binary, *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if finished.returncode != 0:
        sys.exit(f"alternate.py: {binary} {' '.join(arguments)} failed (exit {finished.returncode})")
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
    return wall, cpu


def main():
    if "--" not in sys.argv:
        sys.exit("usage: alternate.py [--rounds N] BINARY... -- ARGUMENTS...")
    split = sys.argv.index("--")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("binaries", nargs="+")
    options = parser.parse_args(sys.argv[1:split])
    arguments = sys.argv[split + 1 :]
    cores = len(os.sched_getaffinity(0))
    load = os.getloadavg()[0]
    times = {binary: [] for binary in options.binaries}
    for _ in range(options.rounds):
        for binary in options.binaries:
            times[binary].append(run_once(binary, arguments))
    print(f"{options.rounds} rounds, {cores} cores, load average {load:.2f} before")
    print("| binary | wall median ms | wall best ms | CPU median ms | lost median ms |")
    print("|---|---:|---:|---:|---:|")
    for binary, runs in times.items():
        walls = [wall for wall, _ in runs]
        cpus = [cpu for _, cpu in runs]
        lost = [cores * wall - cpu for wall, cpu in runs]
        print(
            f"| {binary} | {statistics.median(walls):.1f} | {min(walls):.1f} "
            f"| {statistics.median(cpus):.1f} | {statistics.median(lost):.1f} |"
        )


if __name__ == "__main__":
    main()
