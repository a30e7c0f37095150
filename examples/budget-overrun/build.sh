#!/bin/sh
set -eu
cd "$(dirname "$0")"
. ../lib.sh
build_pd control control.c
build_pd background background.c
pack_system budget-overrun.system
