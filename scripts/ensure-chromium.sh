#!/usr/bin/env bash
# The wallet app's tests and bench:app drive Debian's Chromium (Playwright's own browser download is
# not used). Installs it with apt-get when $GUARDIANS_CHROMIUM (default /usr/bin/chromium) is missing;
# does nothing when it is there.
set -euo pipefail
chromium="${GUARDIANS_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
  exit 0
fi
if [ -n "${GUARDIANS_CHROMIUM:-}" ]; then
  echo "error: GUARDIANS_CHROMIUM=$chromium is not an executable file" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: no Chromium at $chromium and no apt-get to install it: install Chromium and set GUARDIANS_CHROMIUM" >&2
  exit 1
fi
# Root installs directly; anyone else through sudo, if there is one.
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "error: no Chromium at $chromium; install it as root: apt-get install -y chromium" >&2
    exit 1
  fi
fi
echo "installing Chromium (apt-get install -y chromium) for the wallet app's browser tests"
export DEBIAN_FRONTEND=noninteractive
# A fresh image's package lists may be missing or stale: update them only when the install fails.
if ! "${as_root[@]}" apt-get install -y --no-install-recommends chromium; then
  "${as_root[@]}" apt-get update
  "${as_root[@]}" apt-get install -y --no-install-recommends chromium
fi
test -x "$chromium"
