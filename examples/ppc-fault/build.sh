#!/bin/sh
set -eu
cd "$(dirname "$0")"
. ../lib.sh
build_pd a a.c
build_pd b b.c
build_pd c c.c
build_pd watchdog watchdog.c
pack_system ppc-fault.system
