"""A trace as one self-contained HTML page: a flow (Sankey) chart in inline SVG and the paths.

No script and no external asset: the page can be attached to a case file and printed. The
chart alone (:func:`flow_svg`) is also what the money-trail web page shows.
"""

from __future__ import annotations

import html
from collections import defaultdict
from typing import Any

WIDTH, COLUMN_GAP, NODE_WIDTH, HEIGHT, NODE_GAP = 1100, 220, 14, 560, 10
MAX_NODES_PER_COLUMN = 25


def _layout(trace: dict[str, Any]) -> tuple[dict[str, tuple[float, float, float]], list[Any]]:
    """Nodes (x, y, height) per account and links (src, dst, value) of the traced flow."""
    column: dict[str, int] = {}
    links: dict[tuple[str, str], float] = defaultdict(float)
    for t in trace["transfers"]:
        column[t["from"]] = min(column.get(t["from"], t["hop"] - 1), t["hop"] - 1)
        column[t["to"]] = max(column.get(t["to"], t["hop"]), column[t["from"]] + 1)
        links[(t["from"], t["to"])] += t["traced"]
    sent: dict[str, float] = defaultdict(float)
    received: dict[str, float] = defaultdict(float)
    for (src, dst), value in links.items():
        sent[src] += value
        received[dst] += value
    size = {a: max(sent[a], received[a]) for a in column}
    by_column: dict[int, list[str]] = defaultdict(list)
    for account, c in column.items():
        by_column[c].append(account)
    total = max((sum(size[a] for a in accounts) for accounts in by_column.values()), default=1)
    scale = (HEIGHT - NODE_GAP * MAX_NODES_PER_COLUMN) / total if total else 1
    nodes: dict[str, tuple[float, float, float]] = {}
    for c, accounts in by_column.items():
        accounts.sort(key=lambda a: -size[a])
        y = 10.0
        for account in accounts[:MAX_NODES_PER_COLUMN]:
            h = max(size[account] * scale, 2.0)
            nodes[account] = (20 + c * COLUMN_GAP, y, h)
            y += h + NODE_GAP
    kept = [(s, d, v) for (s, d), v in links.items() if s in nodes and d in nodes]
    return nodes, kept


def flow_svg(trace: dict[str, Any], label: str = "Flow of the traced money") -> str:
    """The flow (Sankey) chart of a trace's JSON form as inline SVG, named ``label``: accounts
    as bars by hop, links as wide as the money traced along them, endpoints in red.

    Colours and sizes are presentation attributes, with classes (``flow``, ``account``,
    ``endpoint``) for a page's style sheet: no ``style`` attribute, so the chart shows under a
    Content-Security-Policy that forbids inline styles. Empty text when nothing was traced.
    """
    e = html.escape
    nodes, links = _layout(trace)
    if not nodes:
        return ""
    width = max(x for x, _, _ in nodes.values()) + COLUMN_GAP + 20
    height = max(y + h for _, y, h in nodes.values()) + 20
    out_offset: dict[str, float] = defaultdict(float)
    in_offset: dict[str, float] = defaultdict(float)
    total_out = {a: sum(v for s, _, v in links if s == a) for a in nodes}
    total_in = {a: sum(v for _, d, v in links if d == a) for a in nodes}
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' class='sankey' width='{width}' "
        f"height='{height:.1f}' viewBox='0 0 {width} {height:.1f}' role='img' "
        f"aria-label='{e(label)}'>"
    ]
    for src, dst, value in sorted(links, key=lambda link: -link[2]):
        sx, sy, sh = nodes[src]
        dx, dy, dh = nodes[dst]
        w_out = sh * value / total_out[src] if total_out[src] else 0
        w_in = dh * value / total_in[dst] if total_in[dst] else 0
        y0 = sy + out_offset[src] + w_out / 2
        y1 = dy + in_offset[dst] + w_in / 2
        out_offset[src] += w_out
        in_offset[dst] += w_in
        x0, x1 = sx + NODE_WIDTH, dx
        mid = (x0 + x1) / 2
        parts.append(
            f"<path class='flow' d='M{x0},{y0:.1f} C{mid},{y0:.1f} {mid},{y1:.1f} {x1},{y1:.1f}' "
            f"stroke='#4a90d9' stroke-opacity='0.45' fill='none' "
            f"stroke-width='{max(w_out, w_in, 1):.1f}'>"
            f"<title>{e(src)} → {e(dst)}: {value:,.2f}</title></path>"
        )
    endpoints = {p["key"]: p for p in trace["endpoints"]}
    for account, (x, y, h) in nodes.items():
        kind, colour = ("endpoint", "#d9534f") if account in endpoints else ("account", "#555")
        short = account if len(account) <= 34 else account[:16] + "…" + account[-16:]
        parts.append(
            f"<rect class='{kind}' x='{x}' y='{y:.1f}' width='{NODE_WIDTH}' height='{h:.1f}' "
            f"fill='{colour}'><title>{e(account)}</title></rect><text x='{x + NODE_WIDTH + 3}' "
            f"y='{y + h / 2 + 4:.1f}' font-size='11'>{e(short)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def trace_html(trace: dict[str, Any]) -> str:
    """The whole report page for a trace's JSON form."""
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(p['key'])}</td><td>{e(p['reason'])}</td>"
        f"<td>{e(p['tag']['kind'] + ': ' + p['tag']['label']) if p['tag'] else ''}</td>"
        f"<td>{p['amount_traced']:,.2f} {e(p['currency'])}</td><td>{p['hops']}</td>"
        f"<td>{e(p['first_time'])}</td><td>{e(p['last_time'])}</td></tr>"
        for p in trace["endpoints"]
    )
    paths = "".join(
        f"<tr><td>{e(path['endpoint'])}</td><td>{s['hop']}</td><td>{e(s['tx_id'])}</td>"
        f"<td>{e(s['time'])}</td><td>{e(s['from'])}</td><td>{e(s['to'])}</td>"
        f"<td>{s['traced']:,.2f} / {s['amount']:,.2f} {e(s['currency'])}</td>"
        f"<td>{e(s['explanation'])}</td></tr>"
        for path in trace["paths"]
        for s in path["steps"]
    )
    seeded = ", ".join(f"{v:,.2f} {e(k)}" for k, v in trace["seeded"].items())
    chart = flow_svg(trace) or "<p>No traced flow.</p>"
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Money trail</title><style>"
        "body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}"
        "td,th{border:1px solid #bbb;padding:3px 6px;font-size:12px;text-align:left}"
        "</style></head><body><h1>Money trail</h1>"
        f"<p>Seeds: {e(', '.join(trace['seeds']))}; traced from them: {seeded}. Rule: "
        f"<b>{e(trace['rule'])}</b>, up to {trace['hops']} hops.</p><h2>Flow</h2>{chart}"
        "<h2>Endpoints</h2><table><tr><th>account</th><th>why it stops</th><th>tag</th>"
        f"<th>traced</th><th>hops</th><th>first</th><th>last</th></tr>{rows}</table>"
        "<h2>Paths</h2><table><tr><th>endpoint</th><th>hop</th><th>transfer</th><th>time</th>"
        "<th>from</th><th>to</th><th>traced / amount</th><th>explanation</th></tr>"
        f"{paths}</table></body></html>"
    )
