#!/usr/bin/env python3
"""Measure apsc against the sqlite3 shell and write BENCHMARKS.md.

Needs: a Rust toolchain, python3, sqlite3, hyperfine and GNU time
(Debian: apt-get install sqlite3 hyperfine time).

    scripts/bench.py                      # every size, writes BENCHMARKS.md
    scripts/bench.py --sizes 1000,10000   # a quicker run
    scripts/bench.py --out /tmp/b.md      # somewhere else

It builds the release binaries, generates synthetic seeds of each size with
`apsc-generate` (tools/apsc-generate; the same bytes every time), and times
with hyperfine:
report latency on the real database, seeding against the shell's .import of
the same CSV files, and CSV export on the largest database. Peak memory comes
from /usr/bin/time -v. Everything after the line `<!-- analysis -->` in an
existing output file is kept, so the written analysis survives a rerun.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APSC = ROOT / "target" / "release" / "apsc"
GENERATE = ROOT / "target" / "release" / "apsc-generate"
MARKER = "<!-- analysis -->"

# The seed files, in the order the loader reads them, and the tables they fill.
SEED_TABLES = [
    "documents", "corrections", "omissions", "areas", "partners", "partner_aliases",
    "meetings", "exercises", "agreements", "operations", "statements",
    "meeting_partners", "exercise_partners", "agreement_partners", "operation_partners",
    "statement_partners", "figures", "mention_waivers",
]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def need(program):
    if shutil.which(program) is None:
        sys.exit(f"bench.py: {program} is not installed (Debian: apt-get install sqlite3 hyperfine time)")


def hyperfine(commands, runs, work, prepare=None, warmup=0):
    """Run hyperfine; return [(command, median s, mean s, stddev s)]."""
    out = work / "hyperfine.json"
    cmd = ["hyperfine", "--style", "none", "--runs", str(runs), "--warmup", str(warmup),
           "--export-json", str(out)]
    if prepare:
        cmd += ["--prepare", prepare]
    cmd += commands
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    results = json.loads(out.read_text())["results"]
    return [(r["command"], r["median"], r["mean"], r["stddev"] or 0.0) for r in results]


def peak_kb(shell_cmd, prepare=None):
    """Peak resident memory, in KiB, of a shell command (GNU time -v)."""
    if prepare:
        subprocess.run(prepare, shell=True, check=True)
    res = subprocess.run(["/usr/bin/time", "-v", "sh", "-c", shell_cmd],
                         capture_output=True, text=True, check=True)
    for line in res.stderr.splitlines():
        if "Maximum resident set size" in line:
            return int(line.split(":")[1])
    raise RuntimeError("no peak memory in the output of /usr/bin/time -v")


def ms(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def mb(kb):
    return f"{kb / 1024:.1f} MB"


def machine():
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            mem = int(line.split()[1]) // 1024 // 1024
    commit = run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]).stdout.strip()
    return [
        ("CPU", f"{cpu}, {os.cpu_count()} cores"),
        ("Memory", f"{mem} GiB"),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("apsc", f"{run([str(APSC), '--version']).stdout.strip()} (commit {commit}, release profile)"),
        ("sqlite3 shell", run(["sqlite3", "--version"]).stdout.split()[0]),
        ("hyperfine", run(["hyperfine", "--version"]).stdout.strip()),
    ]


def import_script(seed_dir, keyed):
    """An sqlite3 script that imports every seed CSV file in one transaction."""
    lines = [".mode csv", "BEGIN;"]
    for table in SEED_TABLES:
        skip = "--skip 1 " if keyed else ""
        lines.append(f".import {skip}{seed_dir}/{table}.csv {table}")
    lines.append("COMMIT;")
    return "\n".join(lines) + "\n"


def seed_row(label, facts, seed_dir, work, runs):
    """Time apsc seed and the two .import baselines for one seed directory."""
    db = work / f"seed-{label}.db"
    imp = work / f"import-{label}.db"
    raw = work / f"import-raw-{label}.sql"
    keyed = work / f"import-keyed-{label}.sql"
    raw.write_text(import_script(seed_dir, keyed=False))
    keyed.write_text(import_script(seed_dir, keyed=True))
    schema = ROOT / "scripts" / "keyed-schema.sql"
    from_dir = f"--from {seed_dir}" if seed_dir != ROOT / "seed" else ""
    apsc_cmd = f"{APSC} --db {db} seed {from_dir}".strip()
    apsc = hyperfine([apsc_cmd], runs, work, prepare=f"rm -f {db} {db}-journal")[0]
    raw_t = hyperfine([f"sqlite3 {imp} < {raw}"], runs, work, prepare=f"rm -f {imp}")[0]
    keyed_t = hyperfine([f"sqlite3 {imp} < {keyed}"], runs, work,
                        prepare=f"rm -f {imp} && sqlite3 {imp} < {schema}")[0]
    rss = peak_kb(apsc_cmd + " >/dev/null", prepare=f"rm -f {db} {db}-journal")
    size = sum(f.stat().st_size for f in Path(seed_dir).iterdir())
    return {
        "label": label, "facts": facts, "bytes": size, "apsc": apsc[1], "apsc_sd": apsc[3],
        "raw": raw_t[1], "keyed": keyed_t[1], "rss": rss, "db": db,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000",
                        help="generated seed sizes, in facts (default: %(default)s)")
    parser.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"))
    parser.add_argument("--work", default="/tmp/apsc-bench", help="scratch directory")
    parser.add_argument("--runs", type=int, default=10, help="runs per latency measurement")
    args = parser.parse_args()
    for program in ["hyperfine", "sqlite3", "cargo"]:
        need(program)
    if not Path("/usr/bin/time").exists():
        sys.exit("bench.py: /usr/bin/time is missing (Debian: apt-get install time)")

    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT, check=True)
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    started = datetime.datetime.now(datetime.timezone.utc)
    out = []

    # 1. Report latency on the real database, each a fresh process.
    real = work / "real.db"
    run([str(APSC), "--db", str(real), "seed"])
    latency = hyperfine([
        f"sqlite3 {real} 'SELECT * FROM report_partners'",
        f"{APSC} --db {real} report partners --format csv",
        f"{APSC} --db {real} report partners",
        f"{APSC} --db {real} sql 'SELECT * FROM report_partners' --format csv",
    ], max(args.runs, 20), work, warmup=3)
    base = latency[0][1]

    # 2. Seeding: the real seed, then generated seeds of each size.
    seeds = [seed_row("real", None, ROOT / "seed", work, args.runs)]
    for n in sizes:
        seed_dir = work / f"gen-{n}"
        run([str(GENERATE), "--facts", str(n), str(seed_dir)])
        runs = args.runs if n <= 10_000 else (5 if n <= 100_000 else 3)
        seeds.append(seed_row(f"{n}", n, seed_dir, work, runs))

    # 3. Export on the largest generated database, and memory as rows grow.
    largest = seeds[-1]
    db = largest["db"]
    run([str(APSC), "--db", str(db), "seed", "--from", str(work / f"gen-{largest['label']}")])
    export_dir = work / "export"
    views = run(["sqlite3", str(db), "SELECT name FROM sqlite_master WHERE type = 'view' "
                 "AND name LIKE 'report_%' ORDER BY name"]).stdout.split()
    tables = run(["sqlite3", str(db), "SELECT name FROM sqlite_master WHERE type = 'table' "
                  "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'passages_fts%' "
                  "AND name <> 'refinery_schema_history' ORDER BY name"]).stdout.split()
    shell_export = work / "export.sql"
    shell_export.write_text(".headers on\n.mode csv\n" + "".join(
        f".once {export_dir}/{name}.csv\nSELECT * FROM \"{name}\";\n" for name in tables + views))
    export = hyperfine([
        f"sqlite3 -csv -header {db} 'SELECT * FROM report_timeline'",
        f"{APSC} --db {db} report timeline --format csv",
        f"sqlite3 {db} < {shell_export}",
        f"{APSC} --db {db} export {export_dir}",
    ], 3, work, prepare=f"rm -rf {export_dir} && mkdir -p {export_dir}")
    memory = []
    for row in seeds[1:]:
        d = row["db"]
        if not d.exists():
            run([str(APSC), "--db", str(d), "seed", "--from", str(work / f"gen-{row['label']}")])
        rows = int(run(["sqlite3", str(d), "SELECT count(*) FROM report_timeline"]).stdout)
        memory.append((row["label"], rows,
                       peak_kb(f"{APSC} --db {d} report timeline --format csv >/dev/null"),
                       peak_kb(f"sqlite3 -csv {d} 'SELECT * FROM report_timeline' >/dev/null"),
                       peak_kb(f"{APSC} --db {d} export {export_dir} >/dev/null",
                               prepare=f"rm -rf {export_dir}")))

    # The document.
    cmdline = "scripts/bench.py" + ("" if args.sizes == parser.get_default("sizes") else f" --sizes {args.sizes}")
    out.append("# Benchmarks\n")
    out.append(f"Written by `{cmdline}` on {started:%Y-%m-%d %H:%M} UTC. Medians of repeated runs "
               "(hyperfine), each run a fresh process; peak memory from `/usr/bin/time -v`.\n")
    out.append("| machine | |\n| --- | --- |")
    out.extend(f"| {k} | {v} |" for k, v in machine())
    out.append("")

    out.append("## 1. Report latency (real database, cold process)\n")
    out.append("| command | median | mean ± σ | ratio to sqlite3 |\n| --- | ---: | ---: | ---: |")
    for cmd, median, mean, sd in latency:
        out.append(f"| `{cmd.replace(str(work) + '/', '').replace(str(APSC), 'apsc')}` | {ms(median)} | "
                   f"{ms(mean)} ± {ms(sd)} | {median / base:.2f} |")
    out.append("")

    out.append("## 2. Seeding (a fresh database each run)\n")
    out.append("apsc reads every seed file, validates every row (keys, references, vocabularies, dates, "
               "quotes found in the text), restores the text, cuts passages and sentences, loads all in "
               "one transaction and builds the full-text index. The baselines are the sqlite3 shell's "
               "`.import` of the same CSV files in one transaction: *raw* into tables it creates from the "
               "headers (no keys), *keyed* into `scripts/keyed-schema.sql` (apsc's keys and indexes, no "
               "CHECKs).\n")
    out.append("| seed | facts | seed files | apsc seed | µs per fact | .import raw | .import keyed | "
               "apsc / raw | apsc / keyed | apsc peak memory |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in seeds:
        per = f"{r['apsc'] / r['facts'] * 1e6:.1f}" if r["facts"] else "–"
        facts = f"{r['facts']:,}" if r["facts"] else "98 (real)"
        out.append(f"| {r['label']} | {facts} | {r['bytes'] / 1e6:.1f} MB | {ms(r['apsc'])} | {per} | "
                   f"{ms(r['raw'])} | {ms(r['keyed'])} | {r['apsc'] / r['raw']:.2f} | "
                   f"{r['apsc'] / r['keyed']:.2f} | {mb(r['rss'])} |")
    out.append("")

    out.append(f"## 3. Export ({largest['label']} facts)\n")
    out.append("| command | median | ratio to sqlite3 |\n| --- | ---: | ---: |")
    pairs = [(export[0], export[1]), (export[2], export[3])]
    for shell, ours in pairs:
        for cmd, median, _, _ in (shell, ours):
            shown = cmd.replace(str(work) + "/", "").replace(str(APSC), "apsc")
            out.append(f"| `{shown}` | {ms(median)} | {median / shell[1]:.2f} |")
    out.append("")
    out.append("Peak memory as the rows grow (`report timeline --format csv` and `export`, output "
               "discarded):\n")
    out.append("| facts | timeline rows | apsc report timeline | sqlite3 -csv | apsc export |")
    out.append("| ---: | ---: | ---: | ---: | ---: |")
    for label, rows, ours, shell, exp in memory:
        out.append(f"| {int(label):,} | {rows:,} | {mb(ours)} | {mb(shell)} | {mb(exp)} |")
    out.append("")

    path = Path(args.out)
    analysis = ""
    if path.exists() and MARKER in path.read_text():
        analysis = path.read_text().split(MARKER, 1)[1]
    path.write_text("\n".join(out) + "\n" + MARKER + analysis)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
