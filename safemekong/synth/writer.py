"""Writing a world to a directory: agencies, operations, reports and truth, streamed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from safemekong.synth.region import PERIOD_END, PERIOD_START
from safemekong.synth.world import GENERATOR_VERSION, World

#: Reports written between two calls of the progress callback.
PROGRESS_EVERY = 1000
_LINE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


def write_world(
    world: World, out_dir: Path | str, progress: Callable[[int], None] | None = None
) -> dict[str, Any]:
    """Write agencies.json, operations.json, reports.jsonl, truth.jsonl and world.json.

    Reports and truth are streamed line by line; ``progress(n)`` is called with the number of
    reports written since its last call. Returns the summary written to world.json.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    _write_json(out / "agencies.json", world.agencies)
    _write_json(out / "operations.json", world.operations)
    reports = singletons = mentions = 0
    report_lines: list[str] = []
    truth_lines: list[str] = []
    with (
        (out / "reports.jsonl").open("w", encoding="utf-8", newline="\n") as report_file,
        (out / "truth.jsonl").open("w", encoding="utf-8", newline="\n") as truth_file,
    ):
        for report, truth in world.stream():
            report_lines.append(_LINE(report))
            truth_lines.append(_truth_line(truth))
            singletons += truth["operation"] is None
            mentions += len(report["identifiers"])
            if len(report_lines) == PROGRESS_EVERY:
                reports += _flush(report_file, report_lines, truth_file, truth_lines, progress)
        reports += _flush(report_file, report_lines, truth_file, truth_lines, progress)
    summary = {
        "generator": GENERATOR_VERSION,
        "seed": world.seed,
        "scale": world.scale,
        "period": {"from": PERIOD_START.isoformat(), "to": PERIOD_END.isoformat()},
        "counts": {
            "agencies": len(world.agencies),
            "operations": len(world.operations),
            "reports": reports,
            "singleton_reports": singletons,
            "identifier_mentions": mentions,
        },
    }
    _write_json(out / "world.json", summary)
    return summary


def _truth_line(truth: dict[str, Any]) -> str:
    """``_LINE(truth)`` without the encoder: ids and codes are plain ASCII by construction."""
    operation = truth["operation"]
    op = "null" if operation is None else f'"{operation}"'
    return (
        f'{{"external_id":"{truth["external_id"]}","agency":"{truth["agency"]}","operation":{op}}}'
    )


def _flush(
    report_file: TextIO,
    report_lines: list[str],
    truth_file: TextIO,
    truth_lines: list[str],
    progress: Callable[[int], None] | None,
) -> int:
    """Write a batch of lines to both files, report progress, empty the batch."""
    count = len(report_lines)
    if count:
        report_file.write("\n".join(report_lines) + "\n")
        truth_file.write("\n".join(truth_lines) + "\n")
        report_lines.clear()
        truth_lines.clear()
        if progress is not None:
            progress(count)
    return count


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
