"""``python -m tests.bench``: build the data sets, run the figures, write the reports."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from tests.bench import datasets, startup
from tests.bench.environment import PYTHON, ROOT, Workspace, load_now, machine
from tests.bench.figures import Figure, markdown_table, write_reports

SECTIONS = ("start", "memory", "board", "due", "idle", "bundle")


def log(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def worker(
    ws: Workspace, module: str, *args: str, env: dict[str, str] | None = None
) -> list[Figure]:
    """Run a measuring module as its own process; it prints its figures as JSON."""
    done = subprocess.run(
        [PYTHON, "-m", f"tests.bench.{module}", *args],
        cwd=ROOT,
        env=env or ws.env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"tests.bench.{module} failed ({done.returncode}):\n{done.stderr[-3000:]}"
        )
    return [Figure.from_dict(d) for d in json.loads(done.stdout.strip().splitlines()[-1])]


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench", description="Follow-Up's benchmark suite."
    )
    parser.add_argument(
        "--quick", action="store_true", help="fewer repeats and a 10 s idle minute, for development"
    )
    parser.add_argument(
        "--bundle", action="store_true", help="also build the bundle and its baseline (minutes)"
    )
    parser.add_argument(
        "--only", default="", help=f"comma-separated sections: {', '.join(SECTIONS)}"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    parser.add_argument("--keep", action="store_true", help="keep the workspace (data sets)")
    parser.add_argument("--idle-seconds", type=float, default=None)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse(argv)
    wanted = set(args.only.split(",")) if args.only else set(SECTIONS) - {"bundle"}
    if args.bundle:
        wanted.add("bundle")
    unknown = wanted - set(SECTIONS)
    if unknown:
        print(f"unknown sections: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    starts = 5 if args.quick else 7
    idle_seconds = args.idle_seconds or (10.0 if args.quick else 60.0)
    started = datetime.now().astimezone()
    info = machine()
    ws = Workspace(Path(tempfile.mkdtemp(prefix="followup-bench-")))
    log(f"workspace {ws.root}; sections: {', '.join(s for s in SECTIONS if s in wanted)}")
    figures: list[Figure] = []
    sets: dict[str, dict[str, int]] = {}
    try:
        log("data sets: demo 1,000 and 10,000 interviews")
        empty = ws.data / "empty"
        board_1k = datasets.demo(ws, "board-1000", 1000)
        board_10k = datasets.demo(ws, "board-10000", 10_000)
        sets["board-1000"] = datasets.counts(board_1k)
        sets["board-10000"] = datasets.counts(board_10k)

        if "start" in wanted:
            log(f"start-up: bare window, the floor board, 0, 1,000, 10,000 interviews × {starts}")
            figures += startup.start_up(ws, {0: empty, 1000: board_1k, 10_000: board_10k}, starts)
        if "memory" in wanted:
            log(f"peak memory at 10,000 × {starts}")
            figures.append(startup.peak_memory(ws, board_10k, 10_000, starts))
        if "board" in wanted:
            log("board at 10,000: filter, scroll (one 10,000-card column), moves")
            column = datasets.one_column(ws, board_10k)
            sets["one-column"] = datasets.counts(column)
            figures += worker(
                ws,
                "board_ops",
                "--board",
                str(board_10k),
                "--column",
                str(column),
                "--repeats",
                "3" if args.quick else "5",
                "--moves",
                "15" if args.quick else "30",
            )
        if "due" in wanted:
            log("due query over 100,000 follow-ups")
            many = datasets.many_followups(ws, board_10k, 100_000)
            sets["followups-100000"] = datasets.counts(many)
            figures += worker(ws, "due_query", str(many), "--repeats", "10" if args.quick else "20")
        if "idle" in wanted:
            pending = datasets.pending_in_future(ws, board_1k, 1000)
            sets["pending-1000"] = datasets.counts(pending)
            from tests.bench import idle

            command, platform_name = idle.command(ws.root, pending, idle_seconds, 5)
            log(f"idle: {idle_seconds:.0f} s, 5 apps in the tray ({platform_name})")
            done = subprocess.run(
                command,
                cwd=ROOT,
                env=ws.env(platform_name=platform_name),
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                raise RuntimeError(f"idle failed ({done.returncode}):\n{done.stderr[-3000:]}")
            figures += [
                Figure.from_dict(d) for d in json.loads(done.stdout.strip().splitlines()[-1])
            ]
        if "bundle" in wanted:
            log("bundle: building Follow-Up and the hello world (minutes)")
            from tests.bench import bundle

            figures += bundle.measure(ws, board_1k, starts)
    finally:
        if args.keep:
            log(f"kept {ws.root}")
        else:
            shutil.rmtree(ws.root, ignore_errors=True)
    meta = {
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": "python -m tests.bench " + " ".join(argv),
        "quick": args.quick,
        "data sets": sets,
        "load average at the end": load_now(),
    }
    json_path, md_path = write_reports(figures, info, meta, args.out)
    print(markdown_table(figures))
    log(f"wrote {json_path} and {md_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
