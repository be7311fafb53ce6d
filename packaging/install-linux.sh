#!/usr/bin/env bash
# Per-user install into ~/.local (no root): the app, its launcher, desktop entry, icons, MIME type for
# *.gamecraft.json projects and AppStream metadata.
#   bash packaging/install-linux.sh              install the built bundle (dist/gamecraft-desktop) if present,
#                                                 otherwise from source into a private virtual environment
#   bash packaging/install-linux.sh --venv DIR   only the launcher, desktop entry, icons and MIME type, for the
#                                                 app already installed in the virtual environment DIR (what
#                                                 `bootstrap.sh app` does, so `gamecraft-desktop` starts it later)
#   bash packaging/install-linux.sh --uninstall  remove all of it (your jobs, videos and settings stay)
# PREFIX (default ~/.local) moves the whole install, e.g. for a test.
set -euo pipefail
venv=""
if [ "${1:-}" = "--venv" ]; then
  venv=$(cd "${2:?usage: install-linux.sh --venv DIR}" && pwd)
fi
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix=${PREFIX:-$HOME/.local}
app_id=io.github.gamecraft_desktop.GamecraftDesktop
app_home="$prefix/lib/gamecraft-desktop"
bin="$prefix/bin/gamecraft-desktop"
share="$prefix/share"

refresh_caches() {
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$share/applications" || true
  command -v update-mime-database >/dev/null && update-mime-database "$share/mime" >/dev/null 2>&1 || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$app_home" "$bin" "$share/applications/$app_id.desktop" "$share/metainfo/$app_id.metainfo.xml" \
         "$share/mime/packages/$app_id.mime.xml"
  find "$share/icons/hicolor" -name "$app_id.*" -delete 2>/dev/null || true
  refresh_caches
  echo "Uninstalled GameCraft Desktop from $prefix (your jobs and settings are kept)."
  exit 0
fi

mkdir -p "$prefix/bin" "$prefix/lib" "$share/applications" "$share/metainfo" "$share/mime/packages" "$share/icons"
rm -rf "$app_home"
if [ -n "$venv" ]; then
  ln -sf "$venv/bin/gamecraft-desktop" "$bin"
  icons_from="$app_home/icons"
  QT_QPA_PLATFORM=offscreen "$venv/bin/python" "$root/packaging/render_icons.py" "$icons_from" >/dev/null
elif [ -x "$root/dist/gamecraft-desktop/gamecraft-desktop" ]; then
  cp -a "$root/dist/gamecraft-desktop" "$app_home"
  ln -sf "$app_home/gamecraft-desktop" "$bin"
  icons_from="$app_home/share/icons"
else
  python3 -m venv "$app_home/venv"
  "$app_home/venv/bin/python" -m pip install -q --disable-pip-version-check "$root"
  ln -sf "$app_home/venv/bin/gamecraft-desktop" "$bin"
  icons_from="$app_home/icons"
  QT_QPA_PLATFORM=offscreen "$app_home/venv/bin/python" "$root/packaging/render_icons.py" "$icons_from"
fi
cp -a "$icons_from/hicolor" "$share/icons/"
sed "s|^Exec=gamecraft-desktop|Exec=$bin|; s|^TryExec=gamecraft-desktop|TryExec=$bin|" \
  "$root/packaging/linux/$app_id.desktop" > "$share/applications/$app_id.desktop"
cp "$root/packaging/linux/$app_id.metainfo.xml" "$share/metainfo/"
cp "$root/packaging/linux/$app_id.mime.xml" "$share/mime/packages/"
refresh_caches
echo "Installed GameCraft Desktop into $prefix; run it from your app menu or with: $bin"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "($prefix/bin is not on your PATH: add it, e.g. in ~/.profile, to start it as just gamecraft-desktop.)" ;;
esac
