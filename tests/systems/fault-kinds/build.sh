#!/bin/sh
# Builds the PDs (build/*.elf) and packs image.elf with the repo's SDK (needs `npm run build`).
set -eu
cd "$(dirname "$0")"
SELTRACE_SDK=$(cd ../../../sdk && pwd)
. "$SELTRACE_SDK/pd.sh"
n=0
for p in nullp illegal wild nocap badsys; do PD_CFLAGS="-DFAULT=$n" build_pd $p faulter.c; n=$((n + 1)); done
build_pd last last.c
pack_system faults.system
