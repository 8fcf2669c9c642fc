#!/usr/bin/env bash
# Installs qbittorrent-nox for the grabbing tests (see test-setup.sh).
exec "$(dirname "$0")/test-setup.sh" qbittorrent-nox
