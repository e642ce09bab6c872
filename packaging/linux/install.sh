#!/bin/sh
# Installs Follow-Up from this unpacked download, so it appears in the applications menu.
#
#   ./install.sh                  just for you: the program goes to ~/.local/opt/FollowUp, the
#                                 menu entry and icons to ~/.local/share, the command
#                                 `followup-desktop` to ~/.local/bin
#   sudo ./install.sh             for everyone: /opt/FollowUp, /usr/local/share, /usr/local/bin
#   ./install.sh --prefix DIR     anywhere: DIR/opt/FollowUp, DIR/share, DIR/bin (PREFIX=DIR too)
#
# Installing again (a newer version) replaces the program. Your data (the interviews, in
# ~/.local/share/FollowUp) is never touched. To remove Follow-Up, run uninstall.sh (a copy
# stays in the program folder).
set -eu
umask 022

APP_NAME=Follow-Up
DESKTOP_ID=followup-desktop
METAINFO=io.github.followup.FollowUp.metainfo.xml
MANIFEST=install-manifest.txt

say() { printf '%s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
[ -x "$here/FollowUp/FollowUp" ] || die "run me from the unpacked Follow-Up folder ($here/FollowUp/FollowUp is missing)"

prefix=${PREFIX:-}
while [ $# -gt 0 ]; do
    case $1 in
        --prefix) [ $# -ge 2 ] || die "--prefix needs a folder"; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option: $1 (try --help)" ;;
    esac
done

if [ -n "$prefix" ]; then
    case $prefix in /*) ;; *) prefix=$(pwd)/$prefix ;; esac
    app_dir=$prefix/opt/FollowUp
    share=$prefix/share
    bin_dir=$prefix/bin
elif [ "$(id -u)" = 0 ]; then
    app_dir=/opt/FollowUp
    share=/usr/local/share
    bin_dir=/usr/local/bin
else
    [ -n "${HOME:-}" ] || die "HOME is not set"
    app_dir=$HOME/.local/opt/FollowUp
    share=${XDG_DATA_HOME:-$HOME/.local/share}
    bin_dir=$HOME/.local/bin
fi

# The .desktop file's Exec= holds the path in double quotes; these characters would need
# escaping rules that launchers do not all follow.
case $app_dir in
    *[\"\`\$\\%]* | *'
'*) die "the folder $app_dir has a character a menu entry cannot hold; pick another with --prefix" ;;
esac

version=$(cat "$here/VERSION" 2>/dev/null || echo "")

# Installed before: remove the old files first (the installed uninstall.sh knows them).
if [ -e "$app_dir" ]; then
    if [ -f "$app_dir/$MANIFEST" ] && [ -f "$app_dir/uninstall.sh" ]; then
        say "Replacing the $APP_NAME installed in $app_dir"
        sh "$app_dir/uninstall.sh" --quiet --from "$app_dir"
    else
        die "$app_dir exists and is not a Follow-Up installation: move it away first"
    fi
fi

# The program: copied beside its final place, then moved in, so a failed copy leaves nothing
# half-installed.
mkdir -p "$(dirname -- "$app_dir")"
staging=$app_dir.partial-$$
trap 'rm -rf -- "$staging"' EXIT INT TERM
cp -PR -- "$here/FollowUp" "$staging"
cp -- "$here/uninstall.sh" "$staging/uninstall.sh"
chmod -R u+rwX,go+rX,go-w -- "$staging"
chmod 755 "$staging/uninstall.sh" "$staging/FollowUp"
manifest=$staging/$MANIFEST
printf '# Files Follow-Up %s installed outside %s; uninstall.sh removes them.\n' \
    "$version" "$app_dir" >"$manifest"
mv -- "$staging" "$app_dir"
trap - EXIT INT TERM
manifest=$app_dir/$MANIFEST

installed() { printf '%s\n' "$1" >>"$manifest"; }

# The menu entry, pointing at this installation.
mkdir -p "$share/applications"
desktop=$share/applications/$DESKTOP_ID.desktop
while IFS= read -r line || [ -n "$line" ]; do
    case $line in
        "# install.sh"*) ;;
        Exec=*)
            printf 'Exec="%s"\n' "$app_dir/FollowUp"
            printf 'TryExec=%s\n' "$app_dir/FollowUp"
            ;;
        *) printf '%s\n' "$line" ;;
    esac
done <"$here/share/applications/$DESKTOP_ID.desktop" >"$desktop"
chmod 644 "$desktop"
installed "$desktop"

# Icons in the hicolor theme, every size shipped.
(cd "$here/share/icons" && find hicolor -type f) | while IFS= read -r icon; do
    mkdir -p "$share/icons/$(dirname -- "$icon")"
    cp -- "$here/share/icons/$icon" "$share/icons/$icon"
    chmod 644 "$share/icons/$icon"
    installed "$share/icons/$icon"
done

# What software centres show.
mkdir -p "$share/metainfo"
cp -- "$here/share/metainfo/$METAINFO" "$share/metainfo/$METAINFO"
chmod 644 "$share/metainfo/$METAINFO"
installed "$share/metainfo/$METAINFO"

# The command.
mkdir -p "$bin_dir"
link=$bin_dir/$DESKTOP_ID
if [ -e "$link" ] && [ ! -L "$link" ]; then
    say "Note: $link exists and is not ours; left as it is."
else
    ln -sfn -- "$app_dir/FollowUp" "$link"
    installed "$link"
fi

# Menus watch their folders and notice the new entry (update-desktop-database is only for
# MIME types, which Follow-Up does not open). Icon caches look at the theme folder's time.
touch "$share/icons/hicolor" 2>/dev/null || true
if [ -f "$share/icons/hicolor/index.theme" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t -f "$share/icons/hicolor" 2>/dev/null || true
fi

say "$APP_NAME ${version:+$version }is installed in $app_dir."
say "Start it from your applications menu (Office > Follow-Up), or run: $link"
case ":${PATH:-}:" in
    *":$bin_dir:"*) ;;
    *) say "($bin_dir is not on your PATH, so type the full path, or use the menu.)" ;;
esac
say "To remove it: $app_dir/uninstall.sh (your data is kept)."
