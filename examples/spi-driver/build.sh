#!/bin/sh
set -eu
cd "$(dirname "$0")"
. ../lib.sh
build_pd spi spi.c
build_pd client client.c
pack_system spi-driver.system
