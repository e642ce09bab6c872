"""One measured figure (samples, its same-run baseline, its target) and the two reports.

Pure Python (no Qt, no app imports), so the report format is unit-tested cheaply
(tests/unit/test_bench_figures.py).
"""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

#: How a target is read: the median's ratio to the baseline's median, the median itself,
#: or the median minus the baseline's median.
TargetKind = Literal["ratio", "value", "delta"]


@dataclass(frozen=True)
class Target:
    """``kind`` ≤ ``limit``; ``source`` says who set it (the issue, or this suite)."""

    kind: TargetKind
    limit: float
    source: str = "issue"

    def describe(self, unit: str) -> str:
        if self.kind == "ratio":
            text = f"≤ {self.limit:g}×"
        elif self.kind == "delta":
            text = f"≤ +{self.limit:g} {unit}"
        else:
            text = f"≤ {self.limit:g} {unit}"
        return text if self.source == "issue" else f"{text} ({self.source})"


@dataclass(frozen=True)
class Summary:
    median: float
    low: float
    high: float
    count: int


def summarize(samples: list[float]) -> Summary:
    if not samples:
        raise ValueError("a figure needs at least one sample")
    return Summary(statistics.median(samples), min(samples), max(samples), len(samples))


@dataclass
class Figure:
    """A named measurement: its samples, the baseline's samples from the same run, a target."""

    key: str
    title: str
    unit: str
    samples: list[float]
    baseline: list[float] = field(default_factory=list)
    baseline_title: str = ""
    target: Target | None = None
    note: str = ""

    @property
    def summary(self) -> Summary:
        return summarize(self.samples)

    @property
    def baseline_summary(self) -> Summary | None:
        return summarize(self.baseline) if self.baseline else None

    @property
    def ratio(self) -> float | None:
        base = self.baseline_summary
        if base is None or base.median <= 0:
            return None
        return self.summary.median / base.median

    @property
    def delta(self) -> float | None:
        base = self.baseline_summary
        return None if base is None else self.summary.median - base.median

    @property
    def passed(self) -> bool | None:
        """Whether the target is met (None: no target, or nothing to compare with)."""
        if self.target is None:
            return None
        value = {
            "ratio": self.ratio,
            "value": self.summary.median,
            "delta": self.delta,
        }[self.target.kind]
        return None if value is None else value <= self.target.limit

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figure:
        """A figure back from ``dataclasses.asdict`` (how worker processes hand them over)."""
        names = {"key", "title", "unit", "samples", "baseline", "baseline_title", "target", "note"}
        fields = {k: v for k, v in data.items() if k in names}
        if fields.get("target") is not None:
            fields["target"] = Target(**fields["target"])
        return cls(**fields)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["summary"] = asdict(self.summary)
        base = self.baseline_summary
        data["baseline_summary"] = asdict(base) if base else None
        data["ratio"] = self.ratio
        data["delta"] = self.delta
        data["passed"] = self.passed
        return data


def _number(value: float) -> str:
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def _spread(summary: Summary, unit: str) -> str:
    return f"{_number(summary.median)} {unit} ({_number(summary.low)}–{_number(summary.high)})"


def markdown_table(figures: list[Figure]) -> str:
    """The figures as a Markdown table: median (min–max), baseline, ratio, target, result."""
    lines = [
        "| figure | median (min–max) | n | baseline, same run | ratio | target | result |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        base = f.baseline_summary
        baseline = f"{f.baseline_title}: {_spread(base, f.unit)}" if base else "—"
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else "—"
        if f.target is not None and f.target.kind == "delta" and f.delta is not None:
            ratio = f"{ratio}, +{_number(f.delta)} {f.unit}"
        target = f.target.describe(f.unit) if f.target else "—"
        result = {True: "pass", False: "**miss**", None: "—"}[f.passed]
        lines.append(
            f"| {f.title} | {_spread(f.summary, f.unit)} | {f.summary.count} | {baseline} "
            f"| {ratio} | {target} | {result} |"
        )
    return "\n".join(lines) + "\n"


def write_reports(
    figures: list[Figure], machine: dict[str, Any], meta: dict[str, Any], out: Path
) -> tuple[Path, Path]:
    """``results.json`` and ``results.md`` in ``out`` (also kept under a timestamped name)."""
    out.mkdir(parents=True, exist_ok=True)
    stamp = str(meta.get("started", "run")).replace(":", "").replace("-", "")[:15]
    data = {"meta": meta, "machine": machine, "figures": [f.to_json() for f in figures]}
    text = json.dumps(data, indent=2, ensure_ascii=False)
    machine_lines = "\n".join(f"- {key}: {value}" for key, value in machine.items())
    notes = "\n".join(f"- {f.title}: {f.note}" for f in figures if f.note)
    markdown = (
        f"# Follow-Up benchmarks, {meta.get('started', '')}\n\n"
        f"`{meta.get('command', '')}`\n\n{markdown_table(figures)}\n"
        f"## Machine\n\n{machine_lines}\n" + (f"\n## Notes\n\n{notes}\n" if notes else "")
    )
    paths = []
    for name in ("results", f"results-{stamp}"):
        json_path = out / f"{name}.json"
        json_path.write_text(text + "\n", encoding="utf-8")
        md_path = out / f"{name}.md"
        md_path.write_text(markdown, encoding="utf-8")
        paths.append((json_path, md_path))
    return paths[0]
