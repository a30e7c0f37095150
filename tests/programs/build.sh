#!/bin/sh
# Build the tests/programs guests: ordinary bare-metal C programs, each at -O0, -O2 and -Os for
# rv64gc (lp64d), and the integer ones also at -O2 for rv64imac (no FPU, lp64; the picolibc multilib). Start-up,
# exit (sifive test finisher) and the linker script are bench/guest's; libc (qsort, setjmp,
# string functions) is picolibc. tests/programs/programs.test.ts runs every ELF on qemu and on
# seltrace at several translation tiers.
#
#   tests/programs/build.sh [ABSOLUTE-OUTDIR]   (default tests/programs/bin; the test builds into a
#   temporary directory to check the committed ELFs are built from the current sources)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
CROSS=${CROSS:-riscv64-unknown-elf-}
guest=../../bench/guest
COMMON="-Wall -Wextra -Werror -mcmodel=medany -ffreestanding -fno-builtin-printf --specs=picolibc.specs \
 -nostartfiles -static -Wl,--no-warn-rwx-segments -T $guest/link.ld"

INTEGER="arith muldiv loads sort recurse vm jmp smc phase strings irq bigcode datapage"
FLOAT="fp fcvt"

# Assembly a program needs besides its C file.
extra() { [ "$1" = bigcode ] && echo src/straddle.S || true; }

out=${1:-bin}
mkdir -p "$out"
rm -f "$out"/*.elf
for p in $INTEGER $FLOAT; do
    for o in O0 O2 Os; do
        "${CROSS}gcc" -$o -march=rv64gc -mabi=lp64d -DBENCH_FPU $COMMON -o "$out/$p-$o.elf" "$guest/start.S" $(extra $p) "src/$p.c"
    done
done
for p in $INTEGER; do
    "${CROSS}gcc" -O2 -march=rv64imac -Wa,-march=rv64imac_zicsr_zifencei -mabi=lp64 $COMMON -o "$out/$p-imac-O2.elf" "$guest/start.S" $(extra $p) "src/$p.c"
done
ls "$out" | wc -l
