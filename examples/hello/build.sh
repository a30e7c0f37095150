#!/bin/sh
set -eu
cd "$(dirname "$0")"
. ../lib.sh
build_pd hello hello.c
pack_system hello.system
