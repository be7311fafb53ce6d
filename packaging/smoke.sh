#!/usr/bin/env bash
# Smoke check of a built app: runs it offscreen with --self-test (one job end to end against the
# in-process sandbox). Exit 0 only when the self-test passes.
set -euo pipefail
exe=${1:?usage: smoke.sh PATH/TO/gamecraft-desktop}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export GAMECRAFT_DESKTOP_HOME="$home" QT_QPA_PLATFORM=offscreen
unset FAL_KEY FAL_KEY_ID FAL_KEY_SECRET
timeout -k 10 120 "$exe" --version
t0=$(date +%s.%N)
timeout -k 10 600 "$exe" --self-test  # a hang fails the smoke check instead of blocking the build
echo "smoke: self-test passed in $(echo "$(date +%s.%N) - $t0" | bc) s"
