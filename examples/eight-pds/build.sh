#!/bin/sh
set -eu
cd "$(dirname "$0")"
. ../lib.sh
for pd in echo pinger caller stranger crasher talker ender spinner; do
    build_pd "$pd" "$pd.c"
done
pack_system eight-pds.system
