#!/bin/sh
# Build the "ordinary code" benchmark ELFs: one per kernel of ordinary.c, each ~32M
# instructions (~224M together), and ordinary-mixed.elf running all seven (~223M), rv64imac -O2, checked on qemu.
#
#   bench/guest/ordinary/build.sh            build and check on qemu
#   bench/guest/ordinary/build.sh --no-check build only
#
# Start-up, UART output and the pass/fail exit are bench/guest's (start.S, main.c, link.ld);
# the expected checksum comes from the host build of the same kernel.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

CROSS=${CROSS:-riscv64-unknown-elf-}
HOSTCC=${HOSTCC:-cc}
CFLAGS="-O2 -Wall -Wextra -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
 -nostdlib -nostartfiles -ffreestanding"

check=1
[ "${1:-}" = "--no-check" ] && check=0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# name kernel-id iterations (instructions per iteration in the comment)
KERNELS="crc 0 155
qsort 1 126
matmul 2 120
sieve 3 51
hash 4 115
div 5 420
calls 6 490
mixed all 126"
#  crc ~206k, qsort ~253k, matmul ~267k, sieve ~628k, hash ~278k, div ~76k, calls ~65k;
#  mixed = all seven in turn (~1.77M per iteration): the whole-process workload.

echo "$KERNELS" | while read -r name id iters; do
    sel="-DKERNEL=$id"
    [ "$id" = all ] && sel=""
    "$HOSTCC" -O2 -Wall -Wextra -I.. $sel -o "$tmp/host-$name" ordinary.c ../host.c
    expected=$("$tmp/host-$name" "$iters")
    "${CROSS}gcc" $CFLAGS -I.. $sel -DITERATIONS="$iters" -DEXPECTED="$expected" -T ../link.ld \
        -o "ordinary-$name.elf" ../start.S ../main.c ordinary.c
    line="ordinary-$name.elf: iterations=$iters expected $expected"
    if [ "$check" = 1 ]; then
        out=$(timeout 120 qemu-system-riscv64 -machine virt -bios none -nographic \
            -icount shift=0,sleep=off -kernel "ordinary-$name.elf" </dev/null) || { echo "$out"; echo "$name: FAILED on qemu"; exit 1; }
        echo "$out" | grep -q '^PASS' || { echo "$out"; echo "$name: no PASS"; exit 1; }
        line="$line, qemu $(echo "$out" | grep -E "^instret:")"
    fi
    echo "$line"
done
