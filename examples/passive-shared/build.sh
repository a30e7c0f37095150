#!/bin/sh
set -eu
cd "$(dirname "$0")"
. ../lib.sh
build_pd server server.c
PD_CFLAGS="-DWORK=100 -DROUNDS=5" build_pd hi client.c
PD_CFLAGS="-DWORK=150 -DROUNDS=5" build_pd mid client.c
PD_CFLAGS="-DWORK=250 -DROUNDS=4" build_pd lo client.c
pack_system passive-shared.system
