#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK with apt-get: qbittorrent-nox (grabbing tests), chromium
# (dashboard browser tests), postgresql (the journal specs on PostgreSQL; test-postgres.sh starts a private server) and
# systemd (`systemd-analyze verify` checks deploy/moviesync.service).
# `test-setup.sh chromium` installs just that one. Idempotent; quiet on success.
set -euo pipefail

wanted=("$@")
[ ${#wanted[@]} -eq 0 ] && wanted=(qbittorrent-nox chromium postgresql systemd)
missing=()
for package in "${wanted[@]}"; do
  case "$package" in
    chromium) [ -x /usr/bin/chromium ] || missing+=(chromium) ;;
    postgresql) compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql) ;;
    systemd) command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd) ;;
    *) command -v "$package" >/dev/null 2>&1 || missing+=("$package") ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Another apt-get may hold the lock (CI images, parallel set-up): wait for it rather than fail.
apt_opts=(-q -o DPkg::Lock::Timeout=600)
if ! { $SUDO apt-get "${apt_opts[@]}" update \
       && DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "test-setup: failed to install ${missing[*]}" >&2
  exit 1
fi
