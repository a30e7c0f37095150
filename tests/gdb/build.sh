#!/usr/bin/env bash
# Builds the gdb stub test guests (committed under bin/): counter.elf for the gdb tests,
# counter-long.elf (>100M instructions between the last write and the end) for the benchmark.
set -euo pipefail
cd "$(dirname "$0")"
CC=riscv64-unknown-elf-gcc
FLAGS="-march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -nostdlib -nostartfiles -static -ffreestanding -Wl,--no-warn-rwx-segments -T src/link.ld -fdebug-prefix-map=$PWD=."
$CC $FLAGS -O0 -g -o bin/counter.elf src/start.S src/counter.c
$CC $FLAGS -O0 -g -DSPIN=17000000 -o bin/counter-long.elf src/start.S src/counter.c
