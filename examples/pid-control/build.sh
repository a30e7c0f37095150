#!/bin/sh
set -eu
cd "$(dirname "$0")"
. ../lib.sh
build_pd timer ../realtime/timer.c
build_pd controller controller.c
# __builtin_sqrt as a plain fsqrt.d (no errno, no libm)
PD_CFLAGS='-fno-math-errno'
build_pd plant plant.c
PD_CFLAGS=
pack_system pid-control.system
