#!/bin/sh
set -eu
cd "$(dirname "$0")"
. ../lib.sh
build_pd console console.c
build_pd sensor sensor.c
pack_system irq-delay.system
