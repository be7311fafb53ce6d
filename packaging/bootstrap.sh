#!/usr/bin/env bash
# One-step setup for a fresh Debian/Ubuntu machine, used by the README's two commands and by CI.
#   bash packaging/bootstrap.sh app   [ARGS...]  install, then launch the app (Sandbox mode without a key)
#   bash packaging/bootstrap.sh test  [PYTEST ARGS...]  install with test tools, then run the test suite
set -euo pipefail
mode=${1:-app}; shift || true
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
venv=${GAMECRAFT_VENV:-$here/.venv}

sudo_cmd=()
[ "$(id -u)" = 0 ] || sudo_cmd=(sudo)

# System libraries Qt's xcb/offscreen platforms and QtMultimedia need, plus what the tests use
# (Xvfb for real-window tests, gnome-keyring + D-Bus for the Secret Service test).
app_pkgs=(python3 python3-venv libpulse0 libxcb-cursor0 libegl1 libgl1 libxkbcommon-x11-0 libxcb-icccm4
          libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-image0 libxcb-render-util0 libxcb-xinerama0
          libdbus-1-3 libfontconfig1 libglib2.0-0 fonts-dejavu-core)
test_pkgs=(xvfb xauth libx11-6 libxtst6 dbus dbus-x11 gnome-keyring appstream desktop-file-utils)
want=("${app_pkgs[@]}")
[ "$mode" = test ] && want+=("${test_pkgs[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# python3-venv may be satisfied by a non-Debian Python that already has venv and ensurepip.
if printf '%s\n' "${missing[@]}" | grep -qx python3-venv && python3 -c 'import venv, ensurepip' 2>/dev/null; then
  missing=("${missing[@]/python3-venv}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' | grep -vx python3 || true))
if ! command -v python3 >/dev/null; then missing+=(python3); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
if [ "$mode" = test ]; then
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -e ".[test,dev]"
  export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
  exec "$venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
else
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -e .
  exec "$venv/bin/gamecraft-desktop" "$@"
fi
