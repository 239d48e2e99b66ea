"""Money-trail benchmarks; writes the ``trail`` section of docs/benchmarks.md.

python -m bench.run_trail                                  # 1M and 10M transfers (minutes)
python -m bench.run_trail --scales 1000000 --peer-max 1000000 --out /tmp/b.md   # quicker

Measures: 5-hop FIFO traces from 100 seeds over TRON-USDT-shaped ledgers against a networkx
implementation of the same rule; import speed of CSV and Parquet ledgers; cash-out recall
on the synthetic laundering cases; mule detection on AMLGentex with a time-respecting split.
Each scale runs in a child process so its peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import BENCHMARKS_MD, OUT, machine, update_section
from bench.trail_ledgers import GraphPeer, build, seeds
from safemekong.policy import NODE_ADMIN
from safemekong.trail.ledger import Ledger
from safemekong.trail.rules import RULES
from safemekong.trail.service import Trail
from safemekong.trail.synthetic import cashout_recall, generate
from safemekong.trail.trace import DEFAULT_HUB_LIMIT, run_trace
from safemekong.trail.training import SPLIT_DAY

AMLGENTEX = Path(__file__).resolve().parents[2] / "shared" / "data" / "trail"
SEEDS, HOPS = 100, 5


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"p50": pick(0.5), "p95": pick(0.95), "max": ordered[-1], "total": sum(ordered)}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def trace_child(scale: int, engine: str) -> dict[str, Any]:
    """One engine at one scale (run in its own process)."""
    path = OUT / f"trail-{scale}.duckdb"
    start = time.perf_counter()
    ledger = Ledger(path) if path.exists() else build(path, scale)
    built = time.perf_counter() - start
    trail = Trail(ledger)
    seed_ids = seeds(ledger, SEEDS)
    start = time.perf_counter()
    if engine == "duckdb":
        trail.index()
    else:
        peer = GraphPeer(ledger)
    prepared = time.perf_counter() - start
    latencies, traced = [], 0
    for seed in seed_ids:
        moves, _ = trail.resolve_seeds(NODE_ADMIN, [seed])
        start = time.perf_counter()
        if engine == "duckdb":
            result = trail.trace(NODE_ADMIN, [seed], rule="fifo", hops=HOPS)
        else:
            result = run_trace(
                moves,
                [],
                rule="fifo",
                hops=HOPS,
                fetch=lambda keys: peer.fetch(keys, DEFAULT_HUB_LIMIT),
                tags_of=peer.tags_of,
            )
        latencies.append(time.perf_counter() - start)
        traced += len(result.traced)
    return {
        "engine": engine,
        "scale": scale,
        "seeds": len(seed_ids),
        "ledger_build_s": built,
        "prepare_s": prepared,
        "traced_transfers": traced,
        "rss_mb": _rss_mb(),
        **_percentiles(latencies),
    }


def import_child(scale: int) -> dict[str, Any]:
    """Import speed of the same ledger written as CSV and as Parquet."""
    path = OUT / f"trail-{scale}.duckdb"
    source = Ledger(path) if path.exists() else build(path, scale)
    folder = Path(tempfile.mkdtemp(prefix="trail-import-", dir=OUT))
    cur = source.cursor()
    select = (
        'SELECT tx_id, strftime(ts, \'%Y-%m-%dT%H:%M:%SZ\') AS "timestamp", src AS "from", '
        'dst AS "to", amount, currency FROM transfers'
    )
    cur.execute(f"COPY ({select}) TO '{folder / 'ledger.csv'}' (HEADER)")
    cur.execute(f"COPY ({select}) TO '{folder / 'ledger.parquet'}' (FORMAT parquet)")
    rows = int(cur.execute("SELECT count(*) FROM transfers").fetchone()[0])  # type: ignore[index]
    accounts = int(
        cur.execute(  # type: ignore[index]
            "SELECT count(*) FROM (SELECT src FROM transfers UNION SELECT dst FROM transfers)"
        ).fetchone()[0]
    )
    cur.close()
    out: dict[str, Any] = {"scale": scale, "rows": rows, "accounts": accounts}
    for fmt, name in (("csv", "ledger.csv"), ("parquet", "ledger.parquet")):
        target = Trail(Ledger(folder / f"{fmt}.duckdb"))
        start = time.perf_counter()
        result = target.import_file(NODE_ADMIN, folder / name, fmt)
        seconds = time.perf_counter() - start
        assert result.accepted == rows, result.errors[:3]
        out[fmt] = {"seconds": seconds, "rows_per_s": rows / seconds}
    return out


def recall() -> dict[str, Any]:
    """Cash-out recall per rule on 20 synthetic cases (with OTC conversion to USDT)."""
    world = generate(seed=7, cases=20)
    folder = Path(tempfile.mkdtemp(prefix="trail-synth-", dir=OUT))
    for name, text in (
        ("ledger.csv", world.ledger_csv()),
        ("tags.csv", world.tags_csv()),
        ("rates.csv", world.rates_csv()),
    ):
        (folder / name).write_text(text)
    trail = Trail(Ledger(folder / "trail.duckdb"))
    trail.import_file(NODE_ADMIN, folder / "ledger.csv", "csv")
    trail.import_tags(NODE_ADMIN, folder / "tags.csv")
    trail.import_rates(NODE_ADMIN, folder / "rates.csv")
    out: dict[str, Any] = {"cases": len(world.cases), "transfers": len(world.rows)}
    for rule in RULES:
        scores, held = [], []
        for case in world.cases:
            result = trail.trace(NODE_ADMIN, [f"tx:{s}" for s in case.seeds], rule, hops=12)
            trace = result.to_json()
            scores.append(cashout_recall(trace, case))
            in_mules = sum(e["amount_traced"] for e in trace["endpoints"] if e["key"] in case.mules)
            held.append(in_mules / case.victim_thb)
        out[rule] = {
            "mean": sum(scores) / len(scores),
            "min": min(scores),
            "held_in_case_mules": sum(held) / len(held),
        }
    return out


def mule_metrics() -> dict[str, Any] | None:
    from safemekong.trail.training import evaluate

    tx_log = AMLGENTEX / "amlgentex_small2k" / "tx_log.csv.gz"
    if not tx_log.exists():
        return None
    result = evaluate(tx_log)
    result.pop("model")
    return result


def _child(*args: str) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, "-m", "bench.run_trail", "--child", *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(output.strip().splitlines()[-1]))


def targets(results: dict[str, Any]) -> list[str]:
    """The issue's targets beside what this run measured."""
    out = ["### Against the targets", ""]
    ours = [r for r in results["traces"] if r["engine"] == "duckdb"]
    for row in ours:
        ok = row["p95"] <= 2 and row["total"] <= 60
        out.append(
            f"- Trace at {row['scale']:,} transfers: p95 {row['p95']:.2f} s per seed (target "
            f"≤ 2 s), {SEEDS} seeds in {row['total']:.1f} s (target ≤ 60 s): "
            f"{'met' if ok else 'not met'}."
        )
    if not any(r["scale"] >= 100_000_000 for r in ours):
        out.append("- 100,000,000 transfers: not run (see above).")
    for row in results.get("imports", []):
        speed = min(row["csv"]["rows_per_s"], row["parquet"]["rows_per_s"])
        out.append(
            f"- Import: {speed:,.0f} transfers/s at least (target ≥ 1,000,000/s): not met; "
            "checking each distinct account key with the identifiers package and the row "
            "checks dominate."
        )
    if results.get("recall"):
        fifo, lifo = results["recall"]["fifo"]["mean"], results["recall"]["lifo"]["mean"]
        out.append(
            f"- Cash-out recall (target ≥ 0.95): FIFO {fifo:.3f} (not met: FIFO attributes "
            f"the mules' own earlier money to the first payments out, and keeps the victims' "
            f"money in the mule accounts, where it is frozen), LIFO {lifo:.3f} "
            f"({'met' if lifo >= 0.95 else 'not met'})."
        )
    return out


def render(results: dict[str, Any], when: str, host: str) -> str:
    lines = [
        "## Money trail",
        "",
        f"Measured {when} on {host} with `python -m bench.run_trail`; 1-minute load average "
        f"{results.get('load', '?')} at the end (the benchmark's own processes included).",
        "",
        f"### {HOPS}-hop FIFO trace, {SEEDS} seeds, TRON-USDT-shaped ledgers",
        "",
        "Synthetic transfers with heavy-tailed degrees and ten exchange-size hubs tagged as "
        "exchanges (`bench/trail_ledgers.py`). Ours: the DuckDB ledger with its in-memory "
        "adjacency index; peer: the same rule and code over a networkx MultiDiGraph.",
        "",
        "| transfers | engine | prepare (s) | p50 (ms) | p95 (ms) | max (ms) | "
        f"{SEEDS} seeds (s) | peak memory (MB) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results["traces"]:
        lines.append(
            f"| {row['scale']:,} | {row['engine']} | {row['prepare_s']:.1f} | "
            f"{row['p50'] * 1000:.1f} | {row['p95'] * 1000:.1f} | {row['max'] * 1000:.1f} | "
            f"{row['total']:.2f} | {row['rss_mb']:,.0f} |"
        )
    for note in results.get("notes", []):
        lines += ["", note]
    if results.get("imports"):
        lines += [
            "",
            "### Import speed (validation of every distinct account key included)",
            "",
            "| transfers | distinct accounts | CSV (transfers/s) | Parquet (transfers/s) |",
            "|---:|---:|---:|---:|",
        ]
        for row in results["imports"]:
            lines.append(
                f"| {row['rows']:,} | {row['accounts']:,} | {row['csv']['rows_per_s']:,.0f} | "
                f"{row['parquet']['rows_per_s']:,.0f} |"
            )
    if results.get("recall"):
        r = results["recall"]
        lines += [
            "",
            f"### Cash-out recall, {r['cases']} synthetic cases ({r['transfers']:,} transfers)",
            "",
            "Share of the USDT the OTC desk paid out for a case that the trace (12 hops, "
            "crossing baht → USDT at the desk) delivers to the case's true exchange deposit "
            "addresses; and the share of the victims' baht the rule attributes to money still "
            "held in the case's mule accounts (freezable, not lost).",
            "",
            "| rule | recall (mean) | recall (worst case) | held in the case's mules |",
            "|---|---:|---:|---:|",
        ]
        for rule in RULES:
            lines.append(
                f"| {rule} | {r[rule]['mean']:.3f} | {r[rule]['min']:.3f} | "
                f"{r[rule]['held_in_case_mules']:.3f} |"
            )
    if results.get("recall"):
        lines += ["", *targets(results)]
    if results.get("mules"):
        m = results["mules"]
        lines += [
            "",
            "### Mule detection, AMLGentex sample, time-respecting split",
            "",
            f"Trained on days 0–{SPLIT_DAY - 1} ({m['train']['accounts']} accounts, "
            f"{m['train']['positives']} in suspicious transfers), tested on days "
            f"{SPLIT_DAY}–99 ({m['test']['accounts']} accounts, {m['test']['positives']} "
            "positive); features of equal-length windows. The threshold is the one with the "
            "best F1 on the training days.",
            "",
            "| scorer | precision | recall | F1 |",
            "|---|---:|---:|---:|",
        ]
        for name, label in (
            ("ours", "ours: logistic regression on 8 behaviour features"),
            ("logistic_degree_only", "baseline: logistic regression on fan-in/fan-out"),
            ("rules_only", "baseline: rules only (pass-through ≥ 0.9, ≥ 5 counterparties)"),
        ):
            s = m[name]
            lines.append(f"| {label} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} |")
        lines += [
            "",
            "Published reference points, other data sets, quoted for context only: Multi-PNA "
            "minority-class F1 68.16 on IBM AML HI-Small; random forest illicit F1 0.796 on "
            "Elliptic. Neither data set is available offline here.",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="1000000,10000000")
    parser.add_argument("--peer-max", type=int, default=1_000_000)
    parser.add_argument("--import-scale", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=BENCHMARKS_MD)
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.child:
        kind, *rest = args.child
        if kind == "trace":
            print(json.dumps(trace_child(int(rest[0]), rest[1])))
        elif kind == "import":
            print(json.dumps(import_child(int(rest[0]))))
        return
    results: dict[str, Any] = {"traces": [], "notes": []}
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    host = machine()

    def save() -> None:
        results["load"] = f"{os.getloadavg()[0]:.1f}"
        update_section("trail", render(results, when, host), args.out)

    for scale in [int(s) for s in args.scales.split(",")]:
        results["traces"].append(_child("trace", str(scale), "duckdb"))
        save()
        if scale <= args.peer_max:
            results["traces"].append(_child("trace", str(scale), "networkx"))
            save()
    largest = max(int(s) for s in args.scales.split(","))
    if largest > args.peer_max:
        results["notes"].append(
            f"networkx was not run above {args.peer_max:,} transfers: see the peak memory "
            "and build time above, which grow linearly. 100,000,000 transfers were not run "
            "on this machine: our index's memory grows about linearly too (see the table), "
            "beyond the 16 GB budget."
        )
    results["imports"] = [_child("import", str(args.import_scale))]
    save()
    results["recall"] = recall()
    save()
    results["mules"] = mule_metrics()
    save()
    print(render(results, when, host))


if __name__ == "__main__":
    main()
