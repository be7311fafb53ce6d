#!/usr/bin/env bash
# Build the one-folder bundle dist/gamecraft-desktop/ and dist/gamecraft-desktop-VERSION-linux-ARCH.tar.gz,
# then smoke-check the frozen app offscreen (--self-test when available, else --version + --screenshot).
#   bash packaging/build.sh [--no-smoke]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
venv=${GAMECRAFT_VENV:-$root/.venv}
py="$venv/bin/python"
[ -x "$py" ] || { echo "No virtual environment at $venv: run 'bash packaging/bootstrap.sh test' first." >&2; exit 2; }
"$py" -m pip install -q --disable-pip-version-check -e ".[dev]"
version=$("$py" -c 'import gamecraft_desktop as g; print(g.__version__)')
arch=$(uname -m)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s)
# The interface's translations, compiled from resources/translations/*.ts (the bundle ships .qm only).
"$py" packaging/translations.py release "$work/qm"
GAMECRAFT_QM_DIR="$work/qm" "$py" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$root/dist" --workpath "$work/build" packaging/gamecraft-desktop.spec
"$py" packaging/slim_bundle.py "$root/dist/gamecraft-desktop"
"$py" packaging/render_icons.py "$root/dist/gamecraft-desktop/share/icons"
mkdir -p "$root/dist/gamecraft-desktop/share/applications" "$root/dist/gamecraft-desktop/share/metainfo" \
         "$root/dist/gamecraft-desktop/share/mime/packages"
cp packaging/linux/*.desktop "$root/dist/gamecraft-desktop/share/applications/"
cp packaging/linux/*.metainfo.xml "$root/dist/gamecraft-desktop/share/metainfo/"
cp packaging/linux/*.mime.xml "$root/dist/gamecraft-desktop/share/mime/packages/"
for lang in $(cd resources/translations && ls gamecraft_desktop_*.ts | sed 's/^gamecraft_desktop_//; s/\.ts$//'); do
  find "$root/dist/gamecraft-desktop" -name "gamecraft_desktop_$lang.qm" | grep -q . \
    || { echo "The bundle lacks the $lang translation (gamecraft_desktop_$lang.qm)." >&2; exit 1; }
done
tarball="$root/dist/gamecraft-desktop-$version-linux-$arch.tar.gz"
tar -C "$root/dist" -czf "$tarball" gamecraft-desktop
echo "built in $(( $(date +%s) - start )) s: $(du -sh "$root/dist/gamecraft-desktop" | cut -f1) folder, $(du -h "$tarball" | cut -f1) tarball"
# The ship-size goal (issue #13): at most 250 MB unpacked.
size_mb=$(( $(du -sm "$root/dist/gamecraft-desktop" | cut -f1) ))
if [ "$size_mb" -gt 250 ]; then
  echo "The bundle is $size_mb MB unpacked; the limit is 250 MB (see packaging/README.md, 'Size')." >&2
  exit 1
fi
if [ "${1:-}" != "--no-smoke" ]; then
  bash packaging/smoke.sh "$root/dist/gamecraft-desktop/gamecraft-desktop"
fi
