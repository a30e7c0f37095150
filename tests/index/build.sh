#!/usr/bin/env bash
# Builds the index test guests (committed under bin/).
set -euo pipefail
exec "$(dirname "$0")/../helpers/build-asm-guests.sh" "$(dirname "$0")"
