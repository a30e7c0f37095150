#!/usr/bin/env bash
# Builds every src/*.S of a test directory into bin/<name>.elf with that directory's
# src/link.ld (bare RV64IMAC, no C runtime). Usage: build-asm-guests.sh <test dir>
set -euo pipefail
cd "$1"
for s in src/*.S; do
  n=$(basename "$s" .S)
  riscv64-unknown-elf-gcc -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -nostdlib -nostartfiles -static \
    -Wl,--no-warn-rwx-segments -T src/link.ld -o "bin/$n.elf" "$s"
done
