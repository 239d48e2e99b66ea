"""Bad input everywhere: a coverage-guided fuzzer (atheris) on every importer and identifier parser.

python -m bench.run_fuzz_importers                          # 60 s per target, writes docs
python -m bench.run_fuzz_importers --seconds-per-target 5 --target stix --target misp

Each target of :mod:`bench.fuzz_targets` fuzzes in its own process (libFuzzer's RSS limit bounds
its memory, a per-input CPU bound its time), seeded with its fixtures; an input that breaks the
contract is saved under bench/out/fuzz/<target>/ and counted. Writes the section
"fuzz-importers" of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import date
from importlib.metadata import version
from typing import Any

from bench.common import OUT, ROOT, machine, update_section
from bench.fuzz_targets import TARGETS, TIME_BOUND, Target, check

#: Memory one fuzzing process may use (libFuzzer's ``-rss_limit_mb``).
RSS_LIMIT_MB = 2048
#: Longest input the fuzzer makes (the biggest seed is longer and sets its own limit).
MAX_LEN = 8192
FUZZ_OUT = OUT / "fuzz"
SECTION = "fuzz-importers"

#: How a child process starts: SafeMekong's modules are instrumented for coverage as they load.
CHILD = (
    "import sys, atheris\n"
    "with atheris.instrument_imports(include=['safemekong']):\n"
    "    from bench.run_fuzz_importers import main\n"
    "main(sys.argv[1:])\n"
)


# -- the fuzzer: one process per target -------------------------------------------------------


def _child(name: str, seconds: int, run: int) -> None:
    """Fuzz one target in this process until ``seconds`` pass (libFuzzer may end it sooner)."""
    import atheris

    target, out = TARGETS[name], FUZZ_OUT / name
    stats: dict[str, Any] = {"executions": 0, "crashes": 0, "causes": {}}
    stats_file = out / f"stats-{run}.json"
    written = [0.0]  # the first input writes the stats file at once

    def one(data: bytes) -> None:
        stats["executions"] += 1
        defect = check(target, data)
        if defect is not None:
            stats["crashes"] += 1
            signature = defect.signature
            stats["causes"][signature] = stats["causes"].get(signature, 0) + 1
            stem = out / f"defect-{hashlib.sha1(signature.encode()).hexdigest()[:12]}"
            if not stem.with_suffix(".bin").exists():
                stem.with_suffix(".bin").write_bytes(data)
                stem.with_suffix(".txt").write_text(f"{signature}\n{defect.detail}\n")
        if defect is not None or time.monotonic() - written[0] > 0.5:
            stats_file.write_text(json.dumps(stats))
            written[0] = time.monotonic()

    seeds = out / "seeds"
    max_len = max([MAX_LEN, *(p.stat().st_size for p in seeds.iterdir())])
    atheris.Setup(
        [
            sys.argv[0],
            f"-max_total_time={seconds}",
            f"-timeout={int(TIME_BOUND * 6)}",
            f"-rss_limit_mb={RSS_LIMIT_MB}",
            f"-max_len={max_len}",
            f"-artifact_prefix={out}/",
            str(out / "corpus"),
            str(seeds),
        ],
        one,
    )
    atheris.Fuzz()


def fuzz(target: Target, seconds: float) -> dict[str, Any]:
    """Fuzz ``target`` for ``seconds`` in child processes (a new one after a child is killed by
    a hang or the memory limit); the executions and crashes they counted."""
    out = FUZZ_OUT / target.name
    if out.exists():
        for stale in out.iterdir():
            if stale.is_file():
                stale.unlink()
        shutil.rmtree(out / "seeds", ignore_errors=True)
    (out / "corpus").mkdir(parents=True, exist_ok=True)
    (out / "seeds").mkdir()
    for seed in target.seeds():
        (out / "seeds" / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
    # A child ends inside libFuzzer, never running Python's clean-up: its temporary files go
    # in a folder of ours, removed here.
    scratch = out / "tmp"
    scratch.mkdir(exist_ok=True)
    deadline, run = time.monotonic() + seconds, 0
    while (left := int(deadline - time.monotonic())) >= 5:
        argv = ["--child", target.name, "--seconds-per-target", str(left), "--run", str(run)]
        log = out / f"log-{run}.txt"
        with log.open("w") as handle:
            subprocess.run(
                [sys.executable, "-c", CHILD, *argv],
                cwd=ROOT,
                env={**os.environ, "TMPDIR": str(scratch)},
                stdout=handle,
                stderr=subprocess.STDOUT,
                timeout=left + 300,
                check=False,
            )
        run += 1
        if not (out / f"stats-{run - 1}.json").exists():
            raise RuntimeError(f"the fuzzing process of {target.name} ran nothing; see {log}")
    shutil.rmtree(scratch)
    stats = [json.loads(p.read_text()) for p in out.glob("stats-*.json")]
    causes: dict[str, int] = {}
    for one in stats:
        for signature, count in one["causes"].items():
            causes[signature] = causes.get(signature, 0) + count
    killed = [p.name for p in out.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-"))]
    for artifact in killed:
        causes[f"process killed: {artifact.partition('-')[0]}"] = 1
    return {
        "target": target.name,
        "entry": target.entry,
        "seconds": seconds,
        "executions": sum(one["executions"] for one in stats),
        "crashes": sum(one["crashes"] for one in stats) + len(killed),
        "causes": causes,
        "processes": run,
    }


def _section(results: list[dict[str, Any]], seconds: float) -> str:
    rows = [
        f"| {r['target']} | {r['entry']} | {r['executions']:,} | "
        f"{r['executions'] / r['seconds']:,.0f} | {r['crashes']} |"
        for r in results
    ]
    total = sum(r["executions"] for r in results)
    crashes = sum(r["crashes"] for r in results)
    causes = [
        f"- {r['target']}: {cause} ({n})" for r in results for cause, n in r["causes"].items()
    ]
    return "\n".join(
        [
            "## Bad input: every importer fuzzed",
            "",
            f"Measured {date.today().isoformat()} on {machine()}, by "
            f"`python -m bench.run_fuzz_importers --seconds-per-target {seconds:g}` (atheris "
            f"{version('atheris')}, coverage-guided; each target in its own process with "
            f"libFuzzer's {RSS_LIMIT_MB} MB RSS limit and {TIME_BOUND:g} s of CPU per input), "
            "seeded with the fixtures under tests/ and a few records of ../shared/data. A crash "
            "is an input for which an importer raised anything but SafeMekong's typed errors, "
            "left a rejected line, item or field unnamed, ran past the time bound or the memory "
            "limit; each is kept under `bench/out/fuzz/<target>/`. The same contract runs in CI "
            "with hypothesis (`tests/reliability/test_bad_input.py`).",
            "",
            "| target | entry point | executions | per second | crashes |",
            "|---|---|---:|---:|---:|",
            *rows,
            "",
            f"{total:,} inputs, {crashes} crash(es) [target: 0]. Raw results: "
            "`bench/out/fuzz/results.json`.",
            *(["", "Causes:", *causes] if causes else []),
        ]
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds-per-target", type=float, default=60.0)
    parser.add_argument("--target", action="append", choices=sorted(TARGETS))
    parser.add_argument("--child", choices=sorted(TARGETS), help=argparse.SUPPRESS)
    parser.add_argument("--run", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child, int(args.seconds_per_target), args.run)
        return
    results = []
    for name in args.target or list(TARGETS):
        result = fuzz(TARGETS[name], args.seconds_per_target)
        print(json.dumps(result), flush=True)
        results.append(result)
    if not args.target:  # a run of some targets only prints its results
        (FUZZ_OUT / "results.json").write_text(json.dumps(results, indent=2))
        update_section(SECTION, _section(results, args.seconds_per_target))


if __name__ == "__main__":
    main()
