#!/bin/sh
# Build the semihosting guests the way picolibc's documentation builds for QEMU virt: its own
# crt0 and linker script (--crt0=semihost --oslib=semihost), flash and RAM placed in virt's RAM.
# tests/programs/semihost.test.ts runs them on `qemu-system-riscv64 -semihosting` and on seltrace.
#
#   tests/programs/semihost/build.sh [ABSOLUTE-OUTDIR]   (default tests/programs/semihost/bin)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
CROSS=${CROSS:-riscv64-unknown-elf-}
PLACE="-Wl,--defsym=__flash=0x80000000,--defsym=__flash_size=0x200000,--defsym=__ram=0x80200000,--defsym=__ram_size=0x200000"
COMMON="-Wall -Wextra -Werror -mcmodel=medany --specs=picolibc.specs --oslib=semihost --crt0=semihost $PLACE"

out=${1:-bin}
mkdir -p "$out"
rm -f "$out"/*.elf
"${CROSS}gcc" -O2 -march=rv64gc -mabi=lp64d $COMMON -o "$out/hello-O2.elf" hello.c
"${CROSS}gcc" -Os -march=rv64imac -mabi=lp64 $COMMON -o "$out/hello-imac-Os.elf" hello.c
"${CROSS}gcc" -O2 -march=rv64gc -mabi=lp64d $COMMON -o "$out/echo-O2.elf" echo.c
ls "$out" | wc -l
