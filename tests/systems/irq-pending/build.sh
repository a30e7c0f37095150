#!/bin/sh
# Builds the PD (build/uart.elf) and packs image.elf with the repo's SDK (needs `npm run build`).
set -eu
cd "$(dirname "$0")"
SELTRACE_SDK=$(cd ../../../sdk && pwd)
. "$SELTRACE_SDK/pd.sh"
build_pd uart uart.c
pack_system irq.system
