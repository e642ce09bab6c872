#!/usr/bin/env bash
# Installs everything (bootstrap.sh with the test extras), then checks, stopping at the first
# failure: ruff check, ruff format --check, mypy, the tests not marked e2e (Qt offscreen), and
# the e2e tests under Xvfb with their own D-Bus session bus.
#   bash scripts/test.sh [PYTEST ARGS ...]   the arguments go to both pytest runs
# pytest's "no tests collected" (exit 5) counts as a failure in both runs.
# FOLLOWUP_TEST_TIMEOUT / FOLLOWUP_E2E_TIMEOUT: seconds for a whole pytest run (600 / 240).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export FOLLOWUP_VENV="${FOLLOWUP_VENV:-$root/.venv}"
bin="$FOLLOWUP_VENV/bin"

step() { printf '\n==== %s ====\n' "$*"; }

# One pytest run; exit 5 (nothing collected) fails, so does running out of time. Each test has
# pytest-timeout's limit (pyproject); the whole run gets `timeout` too, which ends its whole
# process group (Xvfb, dbus-daemon, the fake services), but only without a terminal: `timeout`
# moves the run out of the terminal's foreground group, and Ctrl-C would no longer reach it.
run_pytest() {
    local what="$1" limit="$2"
    shift 2
    local rc=0
    if [[ -t 0 ]]; then
        "$@" || rc=$?
    else
        timeout --kill-after=20 "$limit" "$@" || rc=$?
    fi
    case "$rc" in
        0) ;;
        5) echo "test.sh: $what collected no tests (pytest exit 5): counted as a failure" >&2 ;;
        124 | 137) echo "test.sh: $what did not finish within ${limit}s" >&2 ;;
        *) echo "test.sh: $what failed (exit $rc)" >&2 ;;
    esac
    return "$rc"
}

step "bootstrap"
bash scripts/bootstrap.sh test

step "ruff check"
"$bin/ruff" check .

step "ruff format --check"
"$bin/ruff" format --check .

step "mypy"
"$bin/mypy"

step "pytest (not e2e, QT_QPA_PLATFORM=offscreen)"
QT_QPA_PLATFORM=offscreen run_pytest "pytest -m 'not e2e'" "${FOLLOWUP_TEST_TIMEOUT:-600}" \
    "$bin/python" -m pytest -m "not e2e" "$@"

step "pytest e2e (Xvfb + dbus-run-session, QT_QPA_PLATFORM=xcb)"
QT_QPA_PLATFORM=xcb run_pytest "pytest -m e2e" "${FOLLOWUP_E2E_TIMEOUT:-240}" \
    xvfb-run -a -s "-screen 0 1280x800x24" \
    dbus-run-session -- "$bin/python" -m pytest -m e2e "$@"
