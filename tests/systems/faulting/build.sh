#!/bin/sh
# Builds the PDs (build/*.elf) and packs image.elf with the repo's SDK (needs `npm run build`).
set -eu
cd "$(dirname "$0")"
SELTRACE_SDK=$(cd ../../../sdk && pwd)
PD_INCLUDES="-I$(cd ../../../examples/include && pwd)"
. "$SELTRACE_SDK/pd.sh"
for p in timer server client watchdog; do build_pd $p $p.c; done
pack_system fault.system
