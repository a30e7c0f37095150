#!/bin/sh
set -eu
cd "$(dirname "$0")"
. ../lib.sh
build_pd producer producer.c
build_pd consumer consumer.c
pack_system producer-consumer.system
