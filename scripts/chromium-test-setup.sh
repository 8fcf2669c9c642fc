#!/usr/bin/env bash
# Installs chromium for the dashboard browser tests (see test-setup.sh).
exec "$(dirname "$0")/test-setup.sh" chromium
