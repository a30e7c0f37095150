#!/bin/sh
set -eu
cd "$(dirname "$0")"
. ../lib.sh
build_pd sensor sensor.c
build_pd filter filter.c
build_pd controller controller.c
build_pd actuator actuator.c
build_pd logger logger.c
pack_system control-loop.system
