#!/bin/sh
set -eu
cd "$(dirname "$0")"
. ../lib.sh
build_pd burst burst.c
build_pd worker worker.c
pack_system interference.system
