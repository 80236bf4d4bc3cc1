#!/usr/bin/env python3
"""Measure apsc against the sqlite3 shell and write BENCHMARKS.md.

Needs: a Rust toolchain, python3, sqlite3, hyperfine and GNU time
(Debian: apt-get install sqlite3 hyperfine time).

    scripts/bench.py                      # every size, writes BENCHMARKS.md and docs/growth-*.svg
    scripts/bench.py --sizes 1000,10000   # a quicker run
    scripts/bench.py --out /tmp/b.md      # somewhere else (the charts go beside it)

It builds the release binaries, generates synthetic seeds of each size with
`apsc-generate` (tools/apsc-generate; the same bytes every time), and
measures, each run a fresh process: cold commands on the real database,
interleaved run by run (a report against the shell selecting the same view,
and the shell reading one row of it against one row of an empty database);
the real seed against the shell loading a .dump of the database it makes,
and every seed against the shell's .import of the same CSV files
(hyperfine); every command's time and peak memory at every size (GNU time),
with the log-log slope between the two largest sizes; and a million-row
table against the shell's box mode.
Everything after the line `<!-- analysis -->` in an existing output file is
kept, so the written analysis survives a rerun.
"""

import argparse
import csv
import datetime
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import bench_doc
from bench_run import hyperfine, interleaved, need, repeated, run

ROOT = Path(__file__).resolve().parent.parent
APSC = ROOT / "target" / "release" / "apsc"
GENERATE = ROOT / "target" / "release" / "apsc-generate"

# The seed files, in the order the loader reads them, and the tables they fill.
SEED_TABLES = [
    "documents", "corrections", "omissions", "areas", "partners", "partner_aliases",
    "meetings", "exercises", "agreements", "operations", "statements",
    "meeting_partners", "exercise_partners", "agreement_partners", "operation_partners",
    "statement_partners", "figures", "mention_waivers",
]

# Every parameter-free report.
REPORTS = ["overview", "partners", "partner_areas", "timeline", "hosted", "agreements",
           "figures", "organizations", "statements", "sources", "roles", "facts"]

# A million-row result for the table printer: one row per fact.
FACT_ROWS = "SELECT fact_table, fact_id, name, kind, area_id, china_role, date_start FROM facts"


def import_script(seed_dir, keyed):
    """An sqlite3 script that imports every seed CSV file in one transaction."""
    lines = [".mode csv", "BEGIN;"]
    for table in SEED_TABLES:
        skip = "--skip 1 " if keyed else ""
        lines.append(f".import {skip}{seed_dir}/{table}.csv {table}")
    lines.append("COMMIT;")
    return "\n".join(lines) + "\n"


def keyed_schema(seed_dir):
    """scripts/keyed-schema.sql with each table's columns cut to its seed
    file's header, in its order (.import into an existing table fills
    columns by position; a generated seed leaves optional columns out)."""
    text = (ROOT / "scripts" / "keyed-schema.sql").read_text()
    for table in SEED_TABLES:
        with open(Path(seed_dir) / f"{table}.csv", encoding="utf-8-sig", newline="") as f:
            header = next(csv.reader(f))
        start = text.index(f"CREATE TABLE {table} (") + len(f"CREATE TABLE {table} (")
        end = text.index(";", start)
        body = text[start:text.rindex(")", start, end)]
        items = [i.strip() for i in re.split(r",(?![^(]*\))", body)]
        columns = {i.split()[0]: i for i in items if not i.startswith("PRIMARY KEY")}
        missing = [c for c in header if c not in columns]
        if missing:
            raise SystemExit(f"scripts/keyed-schema.sql: {table} lacks {missing} of its seed file")
        kept = [columns[c] for c in header] + [i for i in items if i.startswith("PRIMARY KEY")]
        text = text[:start] + ", ".join(kept) + text[text.rindex(")", start, end):]
    return text


def seed_row(label, facts, seed_dir, work, runs):
    """Time apsc seed (on a new file, and --reset, which builds in memory) and
    the two .import baselines for one seed directory."""
    db = work / f"seed-{label}.db"
    imp = work / f"import-{label}.db"
    raw = work / f"import-raw-{label}.sql"
    keyed = work / f"import-keyed-{label}.sql"
    raw.write_text(import_script(seed_dir, keyed=False))
    keyed.write_text(import_script(seed_dir, keyed=True))
    schema = work / f"keyed-schema-{label}.sql"
    schema.write_text(keyed_schema(seed_dir))
    from_dir = f"--from {seed_dir}" if seed_dir != ROOT / "seed" else ""
    apsc_cmd = f"{APSC} --db {db} seed {from_dir}".strip()
    fresh = f"rm -f {db} {db}-journal"
    apsc = hyperfine([apsc_cmd], runs, work, prepare=fresh)[0]
    reset = hyperfine([apsc_cmd + " --reset"], runs, work, prepare=fresh)[0]
    raw_t = hyperfine([f"sqlite3 {imp} < {raw}"], runs, work, prepare=f"rm -f {imp}")[0]
    keyed_t = hyperfine([f"sqlite3 {imp} < {keyed}"], runs, work,
                        prepare=f"rm -f {imp} && sqlite3 {imp} < {schema}")[0]
    # Last, so the database stays for the commands measured on it.
    _, rss, _ = repeated(apsc_cmd + " >/dev/null", prepare=fresh, most=1)
    size = sum(f.stat().st_size for f in Path(seed_dir).iterdir())
    count = int(run(["sqlite3", str(db), "SELECT count(*) FROM facts"]).stdout)
    return {
        "label": label, "facts": facts, "count": count, "bytes": size, "apsc": apsc["median"],
        "reset": reset["median"], "raw": raw_t["median"], "keyed": keyed_t["median"],
        "rss": rss, "db": db,
    }


def growth_commands(db, out, partner, fact, seed_dir, work):
    """(name, shell command, prepare) for every command measured at every size."""
    a = f"{APSC} --db {db}"
    clean = f"rm -rf {out} && mkdir -p {out}"
    shell_export = work / f"shell-export-{db.stem}.sql"
    views = run(["sqlite3", str(db), "SELECT name FROM sqlite_master WHERE type = 'view' "
                 "AND name LIKE 'report_%' ORDER BY name"]).stdout.split()
    tables = run(["sqlite3", str(db), "SELECT name FROM sqlite_master WHERE type = 'table' "
                  "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'passages_fts%' "
                  "AND name <> 'refinery_schema_history' ORDER BY name"]).stdout.split()
    shell_export.write_text(".headers on\n.mode csv\n" + "".join(
        f".once {out}/{name}.csv\nSELECT * FROM \"{name}\";\n" for name in tables + views))
    cmds = [("check", f"{a} check", None)]
    cmds += [(f"report {r}", f"{a} report {r} --format csv", None) for r in REPORTS]
    cmds += [
        ("report partner", f"{a} report partner --param name={partner} --format csv", None),
        ("sql (csv)", f"{a} sql 'SELECT * FROM report_timeline' --format csv --timeout 0", None),
        ("search", f"{a} search cooperation", None),
        ("show (a fact)", f"{a} show {fact}", None),
        ("show (a partner)", f"{a} show {partner}", None),
        ("show china (every fact)", f"{a} show china", None),
        ("cite", f"{a} cite {fact}", None),
        ("schema", f"{a} schema", None),
        ("codebook", f"{a} codebook", None),
        ("html", f"{a} html -o {out}/page.html", clean),
        ("export DIR", f"{a} export {out}", clean),
        ("export --citations DIR", f"{a} export --citations {out}", clean),
        ("export --xlsx", f"{a} export --xlsx {out}/book.xlsx", clean),
    ]
    for form in ["bipartite", "projected"]:
        for ext in ["graphml", "gexf", "dot", "json"]:
            cmds.append((f"export --graph .{ext} {form}",
                         f"{a} export --graph {out}/net.{ext} --graph-form {form}", clean))
    cmds += [
        ("export --datasette", f"{a} export --datasette {out}/meta.json", clean),
        ("sqlite3: timeline csv", f"sqlite3 -csv -header {db} 'SELECT * FROM report_timeline'", None),
        ("sqlite3: export script", f"sqlite3 {db} < {shell_export}", clean),
    ]
    return [(name, cmd + " >/dev/null", prepare) for name, cmd, prepare in cmds]


def general(cmd, db, out, work, n):
    """A command as run at one size, as it reads at every size."""
    cmd = cmd.removesuffix(" >/dev/null")
    for path, name in [(out, "OUT"), (db, "DB"), (work / f"shell-export-{db.stem}.sql", "EXPORT.sql")]:
        cmd = cmd.replace(str(path), name)
    return cmd.replace(str(APSC), "apsc").replace(f"-{n}", "-N")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000",
                        help="generated seed sizes, in facts (default: %(default)s)")
    parser.add_argument("--out", default=str(ROOT / "BENCHMARKS.md"))
    parser.add_argument("--work", default="/tmp/apsc-bench", help="scratch directory")
    parser.add_argument("--runs", type=int, default=10, help="runs per seeding measurement")
    parser.add_argument("--read-runs", type=int, default=400,
                        help="interleaved rounds of the cold commands")
    parser.add_argument("--binaries", help="use the apsc and apsc-generate in this folder "
                        "instead of building the release profile (for a trial of the script)")
    args = parser.parse_args()
    global APSC, GENERATE
    if args.binaries:
        APSC = Path(args.binaries).resolve() / "apsc"
        GENERATE = Path(args.binaries).resolve() / "apsc-generate"
    for program in ["hyperfine", "sqlite3", "cargo"]:
        need(program)
    if not Path("/usr/bin/time").exists():
        raise SystemExit("bench.py: /usr/bin/time is missing (Debian: apt-get install time)")

    if not args.binaries:
        subprocess.run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=ROOT, check=True)
    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    started = datetime.datetime.now(datetime.timezone.utc)
    results = {"sizes": sizes, "work": work}

    # 1. Cold commands on the real database, interleaved; opening it against an empty one.
    real, empty = work / "real.db", work / "empty.db"
    run([str(APSC), "--db", str(real), "seed"])
    run(["sqlite3", str(empty), "CREATE TABLE t (x); INSERT INTO t VALUES (1)"])
    report = [str(APSC), "--db", str(real), "report", "partners"]
    cold = {
        "view": ["sqlite3", str(real), "SELECT * FROM report_partners"],
        "report": report,
        "report csv": report + ["--format", "csv"],
        "sql": [str(APSC), "--db", str(real), "sql", "SELECT * FROM report_partners",
                "--format", "csv"],
        "open": ["sqlite3", str(real), "SELECT * FROM partners LIMIT 1"],
        "empty": ["sqlite3", str(empty), "SELECT * FROM t LIMIT 1"],
        "launch": ["true"],
    }
    times = interleaved(list(cold.values()), args.read_runs)
    results["reads"] = {key: {"command": shlex.join(argv), "times": t}
                        for (key, argv), t in zip(cold.items(), times)}
    objects = run(["sqlite3", str(real), "SELECT type, count(*) FROM sqlite_schema "
                   "WHERE sql IS NOT NULL GROUP BY type"]).stdout.split()
    results["schema"] = dict(line.split("|") for line in objects)
    # The real seed against the shell loading a dump of the database it makes.
    dump, new = work / "dump.sql", work / "new.db"
    dump.write_text(run(["sqlite3", str(real), ".dump"]).stdout)
    seed, load = hyperfine([f"{APSC} --db {new} seed", f"sqlite3 {new} < {dump}"], args.runs,
                           work, prepare=f"rm -f {new} {new}-journal")
    results["dump"] = {"seed": seed, "load": load}

    # 2. Seeding: the real seed, then generated seeds of each size.
    seeds = [seed_row("real", None, ROOT / "seed", work, args.runs)]
    for n in sizes:
        seed_dir = work / f"gen-{n}"
        run([str(GENERATE), "--facts", str(n), str(seed_dir)])
        runs = args.runs if n <= 10_000 else (5 if n <= 100_000 else 3)
        seeds.append(seed_row(f"{n}", n, seed_dir, work, runs))
    results["seeds"] = seeds

    # 3. Every command at every size.
    growth = {}
    for row in seeds[1:]:
        n, db = row["facts"], row["db"]
        partner = run(["sqlite3", str(db), "SELECT partner_id FROM fact_partners fp JOIN partners p "
                       "ON p.id = fp.partner_id WHERE p.is_subject = 0 LIMIT 1"]).stdout.strip()
        fact = "meetings/" + run(["sqlite3", str(db), "SELECT id FROM meetings ORDER BY id "
                                  "LIMIT 1"]).stdout.strip()
        growth[("seed", n)] = (row["apsc"], row["rss"])
        out = work / f"out-{n}"
        commands = growth_commands(db, out, partner, fact, work / f"gen-{n}", work)
        if "commands" not in results:
            results["commands"] = [(name, general(cmd, db, out, work, n))
                                   for name, cmd, _ in commands]
        for name, cmd, prepare in commands:
            median, peak, _ = repeated(cmd, prepare=prepare)
            growth[(name, n)] = (median, peak)
            print(f"{n:>8} {name:<34} {median:8.3f} s {peak / 1024:8.1f} MB", flush=True)
        shutil.rmtree(out, ignore_errors=True)
    results["growth"] = growth

    # 4. A million-row table: apsc's printer against the shell's box mode.
    largest = seeds[-1]["db"]
    rows = int(run(["sqlite3", str(largest), f"SELECT count(*) FROM ({FACT_ROWS})"]).stdout)
    results["table"] = {
        "rows": rows,
        "apsc": repeated(f"{APSC} --db {largest} sql --timeout 0 '{FACT_ROWS}' >/dev/null", budget=20),
        "apsc_wide": repeated(f"COLUMNS=400 {APSC} --db {largest} sql --timeout 0 '{FACT_ROWS}' >/dev/null",
                              budget=20),
        "shell": repeated(f"sqlite3 -box {largest} '{FACT_ROWS}' >/dev/null", budget=20),
    }

    cmdline = "scripts/bench.py" + ("" if args.sizes == parser.get_default("sizes")
                                    else f" --sizes {args.sizes}")
    bench_doc.write(Path(args.out), results, cmdline, started, ROOT, APSC)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
