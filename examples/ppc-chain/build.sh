#!/bin/sh
set -eu
cd "$(dirname "$0")"
. ../lib.sh
build_pd client client.c
build_pd server server.c
build_pd driver driver.c
pack_system ppc-chain.system
