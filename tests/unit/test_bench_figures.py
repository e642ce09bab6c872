"""The benchmark suite's figures and reports (tests/bench/figures.py): medians, ratios to the
same-run baseline, targets read the right way, and the Markdown table says pass or miss."""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

# Loaded by path: ``tests`` is no importable package when pytest runs as ``pytest``.
_spec = importlib.util.spec_from_file_location(
    "followup_bench_figures", Path(__file__).resolve().parents[1] / "bench" / "figures.py"
)
assert _spec is not None and _spec.loader is not None
bench_figures = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = bench_figures  # dataclasses look their module up while being built
_spec.loader.exec_module(bench_figures)
Figure, Target = bench_figures.Figure, bench_figures.Target
markdown_table, summarize, write_reports = (
    bench_figures.markdown_table,
    bench_figures.summarize,
    bench_figures.write_reports,
)


def test_summary_is_the_median_with_the_range():
    s = summarize([5.0, 1.0, 3.0, 100.0])
    assert (s.median, s.low, s.high, s.count) == (4.0, 1.0, 100.0, 4)
    with pytest.raises(ValueError):
        summarize([])


@pytest.mark.parametrize(
    ("target", "samples", "baseline", "passed"),
    [
        (Target("ratio", 1.5), [140.0, 150.0, 160.0], [100.0, 90.0, 110.0], True),
        (Target("ratio", 1.5), [151.0], [100.0], False),
        (Target("value", 16), [10.0, 17.0, 12.0], [], True),
        (Target("value", 16), [17.0], [], False),
        (Target("delta", 60), [120.0], [61.0], True),
        (Target("delta", 60), [122.0], [61.0], False),
        (None, [1.0], [1.0], None),
        (Target("ratio", 2), [1.0], [0.0], None),  # nothing to compare with
    ],
)
def test_targets(target, samples, baseline, passed):
    figure = Figure("k", "title", "ms", samples, baseline, "base", target)
    assert figure.passed is passed


def test_figures_survive_the_trip_from_a_worker_process():
    figure = Figure("move", "a move", "ms", [1.0, 2.0], [0.5], "repaint", Target("value", 16))
    again = Figure.from_dict(json.loads(json.dumps(asdict(figure))))
    assert again == figure


def test_reports(tmp_path: Path):
    figures = [
        Figure(
            "start",
            "start, 1,000",
            "ms",
            [300.0, 320.0],
            [200.0, 210.0],
            "bare",
            Target("ratio", 1.5),
        ),
        Figure("idle", "idle", "% of a core", [0.0], [0.0], "bare", Target("value", 0.5)),
        Figure("scroll", "scroll", "ms", [1.0]),
    ]
    table = markdown_table(figures)
    rows = table.splitlines()
    assert rows[2].startswith("| start, 1,000 | 310 ms (300–320) | 2 | bare: 205 ms (200–210)")
    assert "1.51×" in rows[2] and "**miss**" in rows[2]
    assert rows[3].endswith("| — | ≤ 0.5 % of a core | pass |")
    assert rows[4].endswith("| — | — | — |")
    json_path, md_path = write_reports(
        figures, {"nproc": 2}, {"started": "2026-11-26T10:00:00+00:00", "command": "x"}, tmp_path
    )
    data = json.loads(json_path.read_text())
    assert data["figures"][0]["ratio"] == pytest.approx(310 / 205)
    assert data["figures"][0]["passed"] is False
    assert "- nproc: 2" in md_path.read_text()
    assert len(list(tmp_path.glob("results-*.json"))) == 1
