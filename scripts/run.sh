#!/usr/bin/env bash
# Runs Follow-Up from this checkout, installing what it needs first (see bootstrap.sh).
#   bash scripts/run.sh [ARGS ...]     arguments go to followup-desktop
# Without DISPLAY/WAYLAND_DISPLAY the app picks a fallback itself; nothing is forced here.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${FOLLOWUP_VENV:-$root/.venv}"
bash "$root/scripts/bootstrap.sh" >&2
exec "$venv/bin/followup-desktop" "$@"
