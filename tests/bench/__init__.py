"""Follow-Up's benchmark suite: start-up, the board at scale, moves, the due query, memory,
idle cost and the bundle, each against a baseline measured in the same run.

Run it with one command from the repository root (not part of the test run: pytest only
collects ``test_*.py`` files, and there are none here)::

    .venv/bin/python -m tests.bench              # everything but the bundle (~4 min)
    .venv/bin/python -m tests.bench --quick      # fewer repeats, 10 s idle (~2 min)
    .venv/bin/python -m tests.bench --bundle     # also build and time the bundle (+~1 min)
    .venv/bin/python -m tests.bench --only start,board   # start, memory, board, due, idle, bundle

Results go to ``bench-results/results.json`` and ``bench-results/results.md`` (git-ignored);
docs/performance.md explains the figures and records the last full run.
"""
