#!/bin/sh
# Removes Follow-Up: the program, its menu entry, its icons and the `followup-desktop` command.
# NEVER your data: the interviews in ~/.local/share/FollowUp (or $FOLLOWUP_DATA_DIR) stay.
#
#   ~/.local/opt/FollowUp/uninstall.sh      installed just for you (./uninstall.sh from the
#                                           unpacked download does the same)
#   sudo /opt/FollowUp/uninstall.sh         installed for everyone
#   ./uninstall.sh --prefix DIR             installed with --prefix DIR (PREFIX=DIR too)
set -eu

APP_NAME=Follow-Up
MANIFEST=install-manifest.txt

quiet=0
say() { [ "$quiet" = 1 ] || printf '%s\n' "$*"; }
die() { printf 'uninstall.sh: %s\n' "$*" >&2; exit 1; }

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
prefix=${PREFIX:-}
app_dir=
while [ $# -gt 0 ]; do
    case $1 in
        --prefix) [ $# -ge 2 ] || die "--prefix needs a folder"; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --from) [ $# -ge 2 ] || die "--from needs a folder"; app_dir=$2; shift 2 ;;
        --quiet) quiet=1; shift ;;
        -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option: $1 (try --help)" ;;
    esac
done

# Where it is installed: where this script lives if that is an installation, else where
# install.sh would have put it.
if [ -z "$app_dir" ]; then
    if [ -z "$prefix" ] && [ -f "$here/$MANIFEST" ]; then
        app_dir=$here
    elif [ -n "$prefix" ]; then
        case $prefix in /*) ;; *) prefix=$(pwd)/$prefix ;; esac
        app_dir=$prefix/opt/FollowUp
    elif [ "$(id -u)" = 0 ]; then
        app_dir=/opt/FollowUp
    else
        [ -n "${HOME:-}" ] || die "HOME is not set"
        app_dir=$HOME/.local/opt/FollowUp
    fi
fi

manifest=$app_dir/$MANIFEST
[ -f "$manifest" ] || die "$APP_NAME is not installed in $app_dir (no $MANIFEST there)"
[ -f "$app_dir/FollowUp" ] || die "$app_dir does not hold the FollowUp program: not removing it"

# The files install.sh listed; only ever files named like Follow-Up's own, so a damaged list
# cannot remove anything else.
while IFS= read -r path || [ -n "$path" ]; do
    case $path in '' | '#'*) continue ;; esac
    case ${path##*/} in
        followup-desktop | followup-desktop.desktop | followup-desktop.png | followup-desktop.svg | \
            io.github.followup.FollowUp.metainfo.xml) ;;
        *) say "Skipping $path: not a Follow-Up file"; continue ;;
    esac
    if [ -L "$path" ] || [ -f "$path" ]; then
        rm -f -- "$path"
        case $path in
            # Icon folders (apps/, 48x48/, hicolor/, icons/), applications/ and metainfo/ go
            # when left empty.
            */applications/*) rmdir -- "${path%/*}" 2>/dev/null || true ;;
            */icons/hicolor/*) rmdir -- "${path%/*}" "${path%/*/*}" "${path%/*/*/*}" \
                "${path%/*/*/*/*}" 2>/dev/null || true ;;
            */metainfo/*) rmdir -- "${path%/*}" 2>/dev/null || true ;;
        esac
    fi
done <"$manifest"

rm -rf -- "$app_dir"
# ~/.local/opt when nothing else is there (never /opt itself).
[ "${app_dir%/*}" = /opt ] || rmdir -- "${app_dir%/*}" 2>/dev/null || true

say "$APP_NAME is uninstalled from $app_dir."
if [ "$(id -u)" = 0 ]; then
    say "Everyone's data (in each home's .local/share/FollowUp) was kept."
else
    say "Your data was kept: ${FOLLOWUP_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/FollowUp}"
fi
