#!/usr/bin/env bash
# Installs what the dashboard's browser tests need (chromium at /usr/bin/chromium). Idempotent; quiet on success.
set -euo pipefail

[ -x /usr/bin/chromium ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Another apt-get may hold the lock (CI images, parallel setup scripts): wait for it rather than fail.
apt_opts=(-q -o DPkg::Lock::Timeout=600)
if ! { $SUDO apt-get "${apt_opts[@]}" update \
       && DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${apt_opts[@]}" install -y --no-install-recommends chromium; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "chromium-test-setup: failed to install chromium" >&2
  exit 1
fi
