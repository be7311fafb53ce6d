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

# System libraries Qt's xcb/offscreen platforms and QtMultimedia need (and a CJK font: View ▸ Language offers
# 简体中文 on every desktop, and a Chinese interface without one shows empty boxes), plus what the tests use
# (Xvfb for real-window tests, gnome-keyring + D-Bus for the Secret Service test).
app_pkgs=(python3 python3-venv libpulse0 libxcb-cursor0 libegl1 libgl1 libxkbcommon-x11-0 libxcb-icccm4
          libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-image0 libxcb-render-util0 libxcb-xinerama0
          libdbus-1-3 libfontconfig1 libglib2.0-0 fonts-dejavu-core fonts-noto-cjk)
# The real-input tier drives the app under Xvfb with a window manager (openbox) through XTest (xdotool,
# xset from x11-xserver-utils); the bundle build strips binaries (binutils) and trims ICU's data (icu-devtools,
# gcc to link it); the screen-reader test reads the app through a real AT-SPI bus (at-spi2-core, and
# python3-pyatspi for the system Python that reads it).
test_pkgs=(xvfb xauth libx11-6 libxtst6 dbus dbus-x11 gnome-keyring appstream desktop-file-utils
           openbox xdotool x11-xserver-utils binutils gcc icu-devtools at-spi2-core python3-pyatspi)
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
# Install (or update) the app into the venv only when pyproject.toml changed since the last time, and keep
# pip's and setuptools' output in a log file: a second start prints nothing of it.
extras=$([ "$mode" = test ] && echo "[test,dev]" || echo "")
stamp="$venv/.gamecraft-installed"
want_stamp="$(sha256sum pyproject.toml | cut -d' ' -f1) $extras"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want_stamp" ]; then
  echo "Installing GameCraft Desktop into $venv (pip's output: $venv/install.log)…"
  if ! { "$venv/bin/python" -m pip install --disable-pip-version-check --upgrade pip \
         && "$venv/bin/python" -m pip install --disable-pip-version-check -e ".$extras"; } >"$venv/install.log" 2>&1; then
    tail -n 20 "$venv/install.log" >&2
    echo "The installation failed; the whole log is $venv/install.log" >&2
    exit 1
  fi
  echo "$want_stamp" > "$stamp"
fi
if [ "$mode" = test ]; then
  export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
  exec "$venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
else
  # A launcher on PATH (~/.local/bin/gamecraft-desktop) and an entry in the applications menu, so the next
  # start needs neither this script nor the repository folder's venv path.
  if [ ! -e "$venv/.gamecraft-launcher" ] || [ ! -e "${PREFIX:-$HOME/.local}/bin/gamecraft-desktop" ]; then
    bash packaging/install-linux.sh --venv "$venv" && touch "$venv/.gamecraft-launcher" || \
      echo "(The launcher could not be installed; start the app with $venv/bin/gamecraft-desktop.)"
  fi
  exec "$venv/bin/gamecraft-desktop" "$@"
fi
