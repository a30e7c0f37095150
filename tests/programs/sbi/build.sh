#!/bin/sh
# Build the S-mode SBI guest: linked at 0x80200000, OpenSBI's payload address on QEMU virt.
# tests/programs/sbi.test.ts runs it behind OpenSBI on qemu (its default firmware) and on
# seltrace --bios default.
#
#   tests/programs/sbi/build.sh [ABSOLUTE-OUTDIR]   (default tests/programs/sbi/bin)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
CROSS=${CROSS:-riscv64-unknown-elf-}
out=${1:-bin}
mkdir -p "$out"
rm -f "$out"/*.elf
"${CROSS}gcc" -O2 -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -ffreestanding -nostdlib -static \
  -Wall -Wextra -Werror -Wl,--no-warn-rwx-segments -T link.ld -o "$out/sbi.elf" start.S sbi.c
ls "$out" | wc -l
