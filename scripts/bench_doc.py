"""BENCHMARKS.md and its charts, from what scripts/bench.py measured: the
tables, the log-log charts under docs/, and the targets, each said to be met
or not with the numbers that decide it.
"""

from pathlib import Path
from statistics import mean, median, stdev

from bench_chart import chart
from bench_run import machine, mb, ms, n_log_n_slope, ratio_interval, slope

MARKER = "<!-- analysis -->"
FACT_ROWS_SHOWN = "SELECT fact_table, fact_id, name, kind, area_id, china_role, date_start FROM facts"

# The targets' thresholds.
SEED_LIMIT_S = 15.0
EXPORT_LIMIT_MB = 50.0
TABLE_LIMIT = 1.2
OPEN_LIMIT = 1.5


def shown(cmd, work, apsc):
    return cmd.replace(str(work) + "/", "").replace(str(apsc), "apsc")


def compared(out, rows, work, apsc):
    """A table of commands' run times, each row (an entry, the entry it is
    compared with or None), an entry a command and its run times."""
    out.append("| command | median | mean ± σ | ratio of medians | 95 % interval |")
    out.append("| --- | ---: | ---: | ---: | ---: |")
    for row, base in rows:
        t = row["times"]
        ratio = "– | –"
        if base:
            ratio = "{:.2f} | {:.2f}–{:.2f}".format(*ratio_interval(t, base["times"]))
        out.append(f"| `{shown(row['command'], work, apsc)}` | {ms(median(t))} | "
                   f"{ms(mean(t))} ± {ms(stdev(t))} | {ratio} |")
    out.append("")


def schema_objects(results):
    s = results["schema"]
    return (f"{s.get('table', 0)} tables, {s.get('index', 0)} indexes, {s.get('view', 0)} views "
            f"and {s.get('trigger', 0)} triggers")


def reads(out, results, apsc):
    r = results["reads"]
    out.append("## 1. Cold commands on the real database (interleaved)\n")
    out.append(f"{len(r['view']['times'])} rounds after 10 warm-up rounds; each round runs every "
               "command below once, in turn, each a new process with its output discarded, timed "
               "from Python around the process, so that whatever else the machine does falls on "
               "all of them alike (`true` shows what starting a process costs). apsc is compared "
               "with the shell selecting the same view; the shell reading one row of the real "
               "database with the shell reading one row of an empty one (one table of one row), "
               "which is what opening the real schema costs. The interval is a 95 % bootstrap "
               "interval of the ratio of medians.\n")
    compared(out, [(r["view"], None), (r["report"], r["view"]), (r["report csv"], r["view"]),
                   (r["sql"], r["view"]), (r["open"], r["empty"]), (r["empty"], None),
                   (r["launch"], None)], results["work"], apsc)
    out.append(f"The real database's schema holds {schema_objects(results)} (the rows of "
               "`sqlite_schema` with SQL, so the automatic indexes of keys aside).\n")


def seeding(out, results, apsc):
    out.append("## 2. Seeding (a new database each run)\n")
    out.append("apsc reads every seed file, validates every row (keys, references, vocabularies, "
               "dates, quotes found in the text), restores the text, cuts passages and sentences, "
               "loads all in one transaction and builds the full-text index. `--reset` builds the "
               "database in memory and copies it into the file. The baselines are the sqlite3 "
               "shell's `.import` of the same CSV files in one transaction: *raw* into tables it "
               "creates from the headers (no keys), *keyed* into `scripts/keyed-schema.sql` "
               "(apsc's keys and indexes, no CHECKs). Times are medians (hyperfine) of 10 runs "
               "up to 10⁴ facts, 5 at 10⁵ and 3 at 10⁶; the memory is one more run's.\n")
    out.append("| seed | facts | seed files | apsc seed | seed --reset | .import raw | "
               ".import keyed | apsc / raw | apsc / keyed | apsc peak memory |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results["seeds"]:
        facts = f"{r['facts']:,}" if r["facts"] else f"{r['count']:,} (real)"
        out.append(f"| {r['label']} | {facts} | {r['bytes'] / 1e6:.1f} MB | {ms(r['apsc'])} | "
                   f"{ms(r['reset'])} | {ms(r['raw'])} | {ms(r['keyed'])} | "
                   f"{r['apsc'] / r['raw']:.2f} | {r['apsc'] / r['keyed']:.2f} | {mb(r['rss'])} |")
    out.append("")
    d = results["dump"]
    out.append(f"The real seed against the shell loading a `.dump` of the database it makes "
               f"(`sqlite3 real.db .dump`), each into a new file: {len(d['seed']['times'])} runs "
               "of each (hyperfine).\n")
    compared(out, [(d["load"], None), (d["seed"], d["load"])], results["work"], apsc)


def command_names(results):
    names = []
    for name, _ in results["growth"]:
        if name not in names:
            names.append(name)
    return names


def slopes(results):
    """Each command's slope between the two largest sizes."""
    sizes = results["sizes"]
    if len(sizes) < 2:
        return {}
    n1, n2 = sizes[-2], sizes[-1]
    g = results["growth"]
    return {name: slope(n1, g[(name, n1)][0], n2, g[(name, n2)][0])
            for name in command_names(results)}


def growth(out, results, chart_dir, doc_dir):
    sizes, g = results["sizes"], results["growth"]
    names = command_names(results)
    fitted = slopes(results)
    limit = n_log_n_slope(sizes[-2], sizes[-1]) if len(sizes) > 1 else None
    out.append("## 3. Growth: every command from 10³ to 10⁶ facts\n")
    out.append("Median wall time (each command run until 4 s are spent, at most 5 times, and "
               "again while fewer than 3 runs have taken less than a minute: a command of 30 s "
               "to a minute runs twice, one of a minute or more once) and the largest peak "
               "resident memory (GNU time, in MiB), output discarded. The commands are listed "
               "below. "
               "The slope is the exponent k in time ∝ nᵏ between the two largest sizes"
               + (f"; n log n shows {limit:.2f} there" if limit else "") + ".\n")
    header = "| command | " + " | ".join(f"{n:,}" for n in sizes) + " | slope | " + \
        " | ".join(f"memory {n:,}" for n in sizes) + " |"
    out.append(header)
    out.append("| --- | " + " | ".join("---:" for _ in sizes) + " | ---: | " +
               " | ".join("---:" for _ in sizes) + " |")
    for name in names:
        times = " | ".join(ms(g[(name, n)][0]) for n in sizes)
        mems = " | ".join(mb(g[(name, n)][1]) for n in sizes)
        # A slope that rounds to zero is 0.00, not -0.00.
        k = f"{fitted[name]:.2f}".replace("-0.00", "0.00") if name in fitted else "–"
        out.append(f"| {name} | {times} | {k} | {mems} |")
    out.append("")
    for kind, unit, index in [("time", "s", 0), ("memory", "MiB", 1)]:
        series = [(name, [(n, g[(name, n)][index] / (1 if index == 0 else 1024)) for n in sizes])
                  for name in names]
        path = chart_dir / f"growth-{kind}.svg"
        title = "Wall time by facts (log-log)" if kind == "time" else "Peak memory by facts (log-log)"
        chart(title, series, unit, path)
        rel = path.relative_to(doc_dir) if path.is_relative_to(doc_dir) else path
        out.append(f"![{title}]({rel})\n")
    out.append("The commands, as run at the smallest size (`N` the size; `DB` its database; "
               "`OUT` a folder emptied before each run; `EXPORT.sql` a shell script that writes "
               "every table and view to `OUT` as CSV; the partner and the fact are the first of "
               "each in the database at each size; output to `/dev/null`):\n")
    out.append("| command | as run |\n| --- | --- |")
    for name, cmd in results["commands"]:
        out.append(f"| {name} | `{cmd}` |")
    out.append("")


def table_at_scale(out, results):
    t = results["table"]
    s_time, s_mem, s_runs = t["shell"]
    out.append(f"## 4. A table of {t['rows']:,} rows\n")
    out.append("`apsc sql` printing one row per fact as a table against `sqlite3 -box` over the "
               f"same query (`{FACT_ROWS_SHOWN}`), output discarded. apsc plans the widths from "
               "the first 1,000 rows and streams the rest, wrapping what is wider than planned; "
               "into a pipe it draws 120 columns wide, wrapping the names, or as wide as "
               "`COLUMNS` says. The shell holds every row to size its columns.\n")
    out.append("| command | median | runs | peak memory | time / shell | memory / shell |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: |")
    for label, key in [("`apsc sql …` (120 columns)", "apsc"),
                       ("`COLUMNS=400 apsc sql …` (nothing wrapped)", "apsc_wide")]:
        a_time, a_mem, a_runs = t[key]
        out.append(f"| {label} | {ms(a_time)} | {a_runs} | {mb(a_mem)} | "
                   f"{a_time / s_time:.2f} | {a_mem / s_mem:.2f} |")
    out.append(f"| `sqlite3 -box …` | {ms(s_time)} | {s_runs} | {mb(s_mem)} | 1.00 | 1.00 |")
    out.append("")


def verdict(ok):
    return "**met**" if ok else "**not met**"


def targets(out, results):
    sizes, g = results["sizes"], results["growth"]
    big = sizes[-1]
    rows = []
    d, r = results["dump"], results["reads"]
    for target, (ours, theirs), limit in [
            ("the real seed within 1.0× the shell loading a `.dump` of its database",
             (d["seed"], d["load"]), 1.0),
            ("a cold `report partners` within 1.0× the shell running the same view (interleaved)",
             (r["report"], r["view"]), 1.0),
            (f"opening the database costs the shell at most {OPEN_LIMIT}× an empty one's "
             f"({schema_objects(results)})", (r["open"], r["empty"]), OPEN_LIMIT)]:
        ratio, low, high = ratio_interval(ours["times"], theirs["times"])
        rows.append((target, verdict(ratio <= limit),
                     f"{ratio:.2f}× (95 % interval {low:.2f}–{high:.2f}; "
                     f"{ms(median(ours['times']))} against {ms(median(theirs['times']))})"))
    for seed in results["seeds"]:
        if seed["facts"] in (100_000, 1_000_000):
            x = seed["apsc"] / seed["keyed"]
            rows.append((f"seed at or below keyed `.import` at {seed['facts']:,} facts",
                         verdict(x <= 1.0), f"{x:.2f}× ({ms(seed['apsc'])} against "
                                            f"{ms(seed['keyed'])})"))
        if seed["facts"] == 1_000_000:
            rows.append((f"10⁶-fact seed under {SEED_LIMIT_S:.0f} s", verdict(seed["apsc"] < SEED_LIMIT_S),
                         ms(seed["apsc"])))
    check, seed_t = g[("check", big)][0], g[("seed", big)][0]
    rows.append((f"`check` no longer than the seed at {big:,} facts", verdict(check <= seed_t),
                 f"{ms(check)} against {ms(seed_t)}"))
    fitted = slopes(results)
    if fitted:
        limit = n_log_n_slope(sizes[-2], sizes[-1])
        over = {n: k for n, k in fitted.items() if k > limit and not n.startswith("sqlite3")}
        detail = (f"largest: {max(fitted, key=fitted.get)} at {max(fitted.values()):.2f}; "
                  f"above {limit:.2f}: " + (", ".join(f"{n} ({k:.2f})" for n, k in over.items())
                                            or "none"))
        rows.append(("no command grows faster than n log n", verdict(not over), detail))
    t = results["table"]
    for label, key in [("", "apsc"), (" (`COLUMNS=400`, nothing wrapped)", "apsc_wide")]:
        tr, mr = t[key][0] / t["shell"][0], t[key][1] / t["shell"][1]
        rows.append((f"a {t['rows']:,}-row table within {TABLE_LIMIT}× `sqlite3 -box`{label}",
                     verdict(tr <= TABLE_LIMIT and mr <= TABLE_LIMIT),
                     f"time {tr:.2f}×, memory {mr:.2f}×"))
    # Peak memory, not the size of the file written: GNU time's KiB in MB (10⁶ bytes).
    exports = [(n, g[(n, big)][1] * 1024 / 1e6) for n in command_names(results)
               if n.startswith("export")]
    worst = max(exports, key=lambda e: e[1])
    rows.append((f"every export's peak memory under {EXPORT_LIMIT_MB:.0f} MB at {big:,} facts",
                 verdict(worst[1] < EXPORT_LIMIT_MB),
                 f"largest: {worst[0]} at {worst[1]:.1f} MB ({mb(g[(worst[0], big)][1])})"))
    out.append("## Targets\n")
    out.append("| target | result | measured |\n| --- | --- | --- |")
    out.extend(f"| {a} | {b} | {c} |" for a, b, c in rows)
    out.append("")


def write(path, results, cmdline, started, root, apsc):
    out = ["# Benchmarks\n"]
    out.append(f"Regenerate with `{cmdline}` (it rewrites everything above the analysis, and the "
               f"charts in `docs/`). This run: {started:%Y-%m-%d %H:%M} UTC; each measured run "
               "is a fresh process.\n")
    out.append("| machine | |\n| --- | --- |")
    out.extend(f"| {k} | {v} |" for k, v in machine(root, apsc))
    out.append("")
    targets(out, results)
    reads(out, results, apsc)
    seeding(out, results, apsc)
    chart_dir = path.parent / "docs"
    growth(out, results, chart_dir, path.parent)
    table_at_scale(out, results)
    analysis = ""
    if path.exists() and MARKER in path.read_text():
        analysis = path.read_text().split(MARKER, 1)[1]
    path.write_text("\n".join(out) + "\n" + MARKER + analysis)
