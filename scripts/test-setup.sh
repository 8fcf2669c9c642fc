#!/usr/bin/env bash
# Everything the test suite needs beyond the .NET SDK, installed once with apt-get. Idempotent; quiet on success.
set -euo pipefail
cd "$(dirname "$0")"
./qbittorrent-test-setup.sh
./chromium-test-setup.sh
