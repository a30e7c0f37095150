#!/bin/sh
set -eu
cd "$(dirname "$0")"
. ../lib.sh
build_pd timer ../realtime/timer.c
build_pd filter filter.c
pack_system overload.system
