#!/bin/sh
set -eu
cd "$(dirname "$0")"
. ../lib.sh
build_pd timer timer.c
build_pd periodic periodic.c
# One source, two programs.
PD_CFLAGS='-DNAME="normal" -DREPORT_CHUNKS=5'
build_pd normal spinner.c
PD_CFLAGS='-DNAME="background" -DREPORT_CHUNKS=5'
build_pd background spinner.c
PD_CFLAGS=
pack_system realtime.system
