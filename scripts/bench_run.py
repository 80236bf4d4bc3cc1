"""Measuring for scripts/bench.py: short commands interleaved (each a fresh
process) or by hyperfine, GNU time for wall time and peak memory of long
ones, and the statistics the report gives (medians, a bootstrap interval for
a ratio of medians, log-log slopes).
"""

import json
import math
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def need(program):
    if shutil.which(program) is None:
        sys.exit(f"bench.py: {program} is not installed (Debian: apt-get install sqlite3 hyperfine time)")


def hyperfine(commands, runs, work, prepare=None):
    """Run hyperfine; return one dict per command: command, median and every
    run's time (seconds)."""
    out = work / "hyperfine.json"
    cmd = ["hyperfine", "--style", "none", "--runs", str(runs), "--export-json", str(out)]
    if prepare:
        cmd += ["--prepare", prepare]
    cmd += commands
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    results = json.loads(out.read_text())["results"]
    return [{"command": r["command"], "median": r["median"], "times": r["times"]}
            for r in results]


def interleaved(commands, rounds, warmup=10):
    """Run the commands (argument lists) in turn, round after round (A, B, A,
    B, ...), each a fresh process with its output discarded, so that whatever
    else the machine does falls on all of them alike: each command's wall
    times in seconds, the warm-up rounds left out."""
    times = [[] for _ in commands]
    for round_ in range(warmup + rounds):
        for argv, kept in zip(commands, times):
            started = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
            if round_ >= warmup:
                kept.append(time.perf_counter() - started)
    return times


def timed(shell_cmd, prepare=None):
    """One run of a shell command: (wall seconds, peak resident KiB)."""
    if prepare:
        subprocess.run(prepare, shell=True, check=True)
    started = time.perf_counter()
    res = subprocess.run(["/usr/bin/time", "-f", "peak %M", "sh", "-c", shell_cmd],
                         capture_output=True, text=True)
    wall = time.perf_counter() - started
    if res.returncode != 0:
        raise RuntimeError(f"{shell_cmd} failed:\n{res.stderr[-2000:]}")
    peak = [line for line in res.stderr.splitlines() if line.startswith("peak ")]
    return wall, int(peak[-1].split()[1])


def repeated(shell_cmd, prepare=None, budget=4.0, most=5, least=3, patience=60.0):
    """Run a command until `budget` seconds are spent (at most `most` times),
    and at least `least` times while under `patience` seconds: (median wall
    seconds, largest peak KiB, runs). One run of a long command is at the
    mercy of whatever else the machine did meanwhile."""
    walls, peaks = [], []
    while len(walls) < most and (not walls or sum(walls) < budget
                                 or (len(walls) < least and sum(walls) < patience)):
        wall, peak = timed(shell_cmd, prepare)
        walls.append(wall)
        peaks.append(peak)
    return statistics.median(walls), max(peaks), len(walls)


def ratio_interval(ours, theirs, resamples=2000, seed=1):
    """The ratio of the medians of two samples of run times, with a 95 %
    bootstrap interval."""
    rng = random.Random(seed)
    ratios = []
    for _ in range(resamples):
        a = [rng.choice(ours) for _ in ours]
        b = [rng.choice(theirs) for _ in theirs]
        ratios.append(statistics.median(a) / statistics.median(b))
    ratios.sort()
    low = ratios[int(0.025 * resamples)]
    high = ratios[int(0.975 * resamples) - 1]
    return statistics.median(ours) / statistics.median(theirs), low, high


def slope(n1, t1, n2, t2):
    """The exponent k in t ~ n^k between two sizes."""
    return math.log(t2 / t1) / math.log(n2 / n1)


def n_log_n_slope(n1, n2):
    """The slope n log n shows between two sizes: the most a command may show."""
    return slope(n1, n1 * math.log(n1), n2, n2 * math.log(n2))


def ms(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def mb(kb):
    """Memory, as GNU time measures it (KiB), in MiB."""
    return f"{kb / 1024:.1f} MiB"


def machine(root, apsc):
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            mem = int(line.split()[1]) // 1024 // 1024
    import os
    import platform
    commit = run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"]).stdout.strip()
    dirty = run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"]).stdout.strip()
    return [
        ("CPU", f"{cpu}, {os.cpu_count()} cores"),
        ("Memory", f"{mem} GiB"),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("apsc", f"{run([str(apsc), '--version']).stdout.strip()} (commit {commit}"
                 f"{' with uncommitted changes' if dirty else ''}, release profile)"),
        ("sqlite3 shell", run(["sqlite3", "--version"]).stdout.split()[0]),
        ("hyperfine", run(["hyperfine", "--version"]).stdout.strip()),
    ]
