"""Log-log line charts as plain SVG text, for scripts/bench.py: one line per
command over the sizes measured, with reference slopes (n and n log n) and
a legend. No plotting library: the benchmark needs nothing but Python.
"""

import math
from xml.sax.saxutils import escape

COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
           "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
DASHES = ["", "6 3", "2 2", "8 3 2 3"]

WIDTH, HEIGHT = 980, 560
LEFT, RIGHT, TOP, BOTTOM = 70, 330, 40, 50


def _decades(low, high):
    """Powers of ten that cover low..high."""
    first = math.floor(math.log10(low))
    # At least two, so that one size alone still has an axis.
    last = max(math.ceil(math.log10(high)), first + 1)
    return [10.0 ** e for e in range(first, last + 1)]


def _label(value, unit):
    if unit == "s":
        if value < 1:
            return f"{value * 1000:g} ms"
        return f"{value:g} s"
    if unit in ("MB", "MiB"):
        return f"{value:g} {unit}"
    return f"{value:,.0f}"


def chart(title, series, y_unit, path):
    """Write an SVG chart to `path`. `series` is [(name, [(facts, value)])]."""
    xs = [x for _, points in series for x, _ in points]
    ys = [y for _, points in series for _, y in points if y > 0]
    x_ticks = _decades(min(xs), max(xs))
    y_ticks = _decades(min(ys), max(ys))
    lx0, lx1 = math.log10(x_ticks[0]), math.log10(x_ticks[-1])
    ly0, ly1 = math.log10(y_ticks[0]), math.log10(y_ticks[-1])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x):
        return LEFT + (math.log10(x) - lx0) / (lx1 - lx0) * plot_w

    def py(y):
        return TOP + plot_h - (math.log10(y) - ly0) / (ly1 - ly0) * plot_h

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
           f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">',
           f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
           f'<text x="{LEFT}" y="24" font-size="15" font-weight="bold">{escape(title)}</text>']
    for x in x_ticks:
        out.append(f'<line x1="{px(x):.1f}" y1="{TOP}" x2="{px(x):.1f}" y2="{TOP + plot_h}" '
                   'stroke="#ddd"/>')
        out.append(f'<text x="{px(x):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle">'
                   f'{_label(x, "facts")}</text>')
    for y in y_ticks:
        out.append(f'<line x1="{LEFT}" y1="{py(y):.1f}" x2="{LEFT + plot_w}" y2="{py(y):.1f}" '
                   'stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{py(y) + 4:.1f}" text-anchor="end">'
                   f'{_label(y, y_unit)}</text>')
    out.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 10}" text-anchor="middle">'
               'facts (log scale)</text>')
    # Reference slope: a line of slope 1 (linear) from the lowest point.
    if y_unit == "s":
        y_start = min(ys)
        x_start, x_end = min(xs), x_ticks[-1]
        y_end = y_start * (x_end / x_start)
        if y_end > y_ticks[-1]:
            x_end = x_start * y_ticks[-1] / y_start
            y_end = y_ticks[-1]
        out.append(f'<line x1="{px(x_start):.1f}" y1="{py(y_start):.1f}" x2="{px(x_end):.1f}" '
                   f'y2="{py(y_end):.1f}" stroke="#999" stroke-dasharray="1 4" stroke-width="2"/>')
    legend_x = LEFT + plot_w + 20
    for i, (name, points) in enumerate(series):
        colour = COLOURS[i % len(COLOURS)]
        dash = DASHES[(i // len(COLOURS)) % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        path_points = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in points if y > 0)
        out.append(f'<polyline points="{path_points}" fill="none" stroke="{colour}" '
                   f'stroke-width="1.6"{dash_attr}/>')
        for x, y in points:
            if y > 0:
                out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="2.2" fill="{colour}"/>')
        ly = TOP + 6 + i * 16
        out.append(f'<line x1="{legend_x}" y1="{ly}" x2="{legend_x + 24}" y2="{ly}" '
                   f'stroke="{colour}" stroke-width="2"{dash_attr}/>')
        out.append(f'<text x="{legend_x + 30}" y="{ly + 4}">{escape(name)}</text>')
    if y_unit == "s":
        ly = TOP + 6 + len(series) * 16
        out.append(f'<line x1="{legend_x}" y1="{ly}" x2="{legend_x + 24}" y2="{ly}" '
                   'stroke="#999" stroke-dasharray="1 4" stroke-width="2"/>')
        out.append(f'<text x="{legend_x + 30}" y="{ly + 4}">slope 1 (linear), for reference</text>')
    out.append("</svg>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out) + "\n")
