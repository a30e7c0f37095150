#!/bin/sh
set -eu
cd "$(dirname "$0")"
. ../lib.sh
build_pd control control.c
build_pd server server.c
build_pd logger logger.c
pack_system deadline-miss.system
