#!/usr/bin/env bash
# Installs what Follow-Up needs on a bare Debian 12 and keeps it installed, idempotently:
#   1. the system packages (Qt offscreen/xcb libraries, Xvfb, a D-Bus session bus, xdotool,
#      python3-venv, binutils for PyInstaller), only those still missing;
#   2. a virtualenv at .venv (or $FOLLOWUP_VENV) holding the project in editable mode.
# pip runs again only when pyproject.toml changed (or more extras are wanted) since the last
# install: a stamp inside the venv keeps a hash of pyproject.toml and the extras installed.
#
#   bash scripts/bootstrap.sh [EXTRA ...]       e.g.  bash scripts/bootstrap.sh test
# FOLLOWUP_VENV=/some/dir picks another virtualenv (default: .venv in the repository).
set -euo pipefail

FOLLOWUP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FOLLOWUP_VENV="${FOLLOWUP_VENV:-$FOLLOWUP_ROOT/.venv}"

FOLLOWUP_APT_PACKAGES=(
    # Qt with QT_QPA_PLATFORM=offscreen (PySide6's wheels bring Qt itself)
    libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core
    # real X11 under Xvfb (QT_QPA_PLATFORM=xcb)
    xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 libxcb-image0
    libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libx11-xcb1
    # a session bus (dbus-run-session, dbus-send) and a real pointer for the e2e tests
    dbus-daemon dbus-bin xdotool
    # Python tooling; binutils (objdump) for PyInstaller
    python3-venv python3-pip binutils
)
# PyInstaller bundles the interpreter's shared library; Debian's python3 keeps it in its own
# package (libpython3.X), which a bare machine does not have.
if command -v python3 >/dev/null 2>&1 \
    && [ "$(python3 -c 'import sys; print(sys.prefix)' 2>/dev/null)" = "/usr" ]; then
    FOLLOWUP_APT_PACKAGES+=("libpython$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')")
fi

_followup_say() { printf 'bootstrap: %s\n' "$*"; }

_followup_missing_packages() {
    local pkg status
    for pkg in "${FOLLOWUP_APT_PACKAGES[@]}"; do
        status="$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)"
        [[ "$status" == ii* ]] || printf '%s\n' "$pkg"
    done
}

_followup_apt() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        _followup_say "not a Debian system: install the equivalents of ${FOLLOWUP_APT_PACKAGES[*]} yourself"
        return 0
    fi
    local missing
    mapfile -t missing < <(_followup_missing_packages)
    if ((${#missing[@]} == 0)); then
        _followup_say "system packages: all ${#FOLLOWUP_APT_PACKAGES[@]} present"
        return 0
    fi
    local -a sudo=()
    if ((EUID != 0)); then
        if ! command -v sudo >/dev/null 2>&1; then
            _followup_say "missing packages and no sudo; as root run: apt-get install ${missing[*]}" >&2
            return 1
        fi
        sudo=(sudo)
    fi
    _followup_say "installing ${#missing[@]} system packages: ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends --no-upgrade "${missing[@]}" >/dev/null
    mapfile -t missing < <(_followup_missing_packages)
    if ((${#missing[@]} != 0)); then
        _followup_say "still missing after apt-get install: ${missing[*]}" >&2
        return 1
    fi
}

_followup_venv() {
    local extras=("$@")
    local py="$FOLLOWUP_VENV/bin/python"
    local stamp="$FOLLOWUP_VENV/.followup-install-stamp"

    if [[ ! -x "$py" ]] || ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        if [[ -e "$FOLLOWUP_VENV" && ! -f "$FOLLOWUP_VENV/pyvenv.cfg" ]]; then
            _followup_say "$FOLLOWUP_VENV exists but is no virtualenv; move it away" >&2
            return 1
        fi
        _followup_say "creating virtualenv $FOLLOWUP_VENV"
        rm -rf "$FOLLOWUP_VENV"
        python3 -m venv "$FOLLOWUP_VENV"
        rm -f "$stamp"
    fi

    local hash have=""
    hash="$(sha256sum "$FOLLOWUP_ROOT/pyproject.toml" | cut -d' ' -f1)"
    if [[ -f "$stamp" && -x "$FOLLOWUP_VENV/bin/followup-desktop" ]] &&
        [[ "$(sed -n 1p "$stamp")" == "$hash" ]]; then
        have="$(sed -n 2p "$stamp")"
        local extra up_to_date=1
        for extra in "${extras[@]}"; do
            [[ ",$have," == *",$extra,"* ]] || up_to_date=0
        done
        if ((up_to_date)); then
            _followup_say "python packages: up to date (${have:-no extras})"
            return 0
        fi
    else
        have=""
    fi

    # Keep the extras installed before (same pyproject) so run.sh does not undo test.sh's.
    local all
    all="$(printf '%s\n' "${extras[@]}" ${have//,/ } | sed '/^$/d' | sort -u | paste -sd, -)"
    local target="$FOLLOWUP_ROOT"
    if [[ -n "$all" ]]; then
        target="$FOLLOWUP_ROOT[$all]"
    fi
    _followup_say "pip install -e .${all:+[$all]} (this takes a while the first time)"
    rm -f "$stamp"
    local log="$FOLLOWUP_VENV/.followup-pip.log"
    if ! "$py" -m pip install --disable-pip-version-check --no-input -e "$target" >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        _followup_say "pip install failed; whole log: $log" >&2
        return 1
    fi
    printf '%s\n%s\n' "$hash" "$all" >"$stamp"
    _followup_say "python packages: installed"
}

_followup_apt
_followup_venv "$@"
