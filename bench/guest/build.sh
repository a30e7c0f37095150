#!/bin/sh
# Build the seltrace benchmark guest.
#
#   bench/guest/build.sh            build bench.elf and bench-small.elf, check them on qemu
#   bench/guest/build.sh --no-check build only
#
# The expected checksum is computed by building the same kernels for the host and running
# them; the guest compares its own result with it and exits through the test finisher
# (0x5555 = pass, (1<<16)|0x3333 = wrong checksum, ((0x100+mcause)<<16)|0x3333 = trap).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cd "$here"

# Iteration counts: ~338k instructions per iteration.
ITER_FULL=740   # ~250M instructions
ITER_SMALL=15   # ~5M instructions
# FP benchmark (fp-bench.elf, fpkernels.c): ~60k instructions per iteration, ~12M instructions.
ITER_FP=200
ITER_FP_SMALL=10 # fp-bench-small.elf, ~1.7M instructions (record/replay tests)

CROSS=${CROSS:-riscv64-unknown-elf-}
HOSTCC=${HOSTCC:-cc}
CFLAGS="-O2 -Wall -Wextra -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
 -nostdlib -nostartfiles -ffreestanding"

check=1
[ "${1:-}" = "--no-check" ] && check=0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$HOSTCC" -O2 -Wall -Wextra -o "$tmp/host" kernels.c host.c
# FP kernels: IEEE-exact on both sides (no contraction; explicit fma() is libm's exact fma on the host)
FPFLAGS="-O2 -Wall -Wextra -march=rv64imafdc_zicsr_zifencei -mabi=lp64d -mcmodel=medany \
 -nostdlib -nostartfiles -ffreestanding -ffp-contract=off -fno-math-errno -DBENCH_FPU"
"$HOSTCC" -O2 -Wall -Wextra -ffp-contract=off -o "$tmp/fphost" fpkernels.c host.c -lm

build() { # name iterations
    expected=$("$tmp/host" "$2")
    "${CROSS}gcc" $CFLAGS -DITERATIONS="$2" -DEXPECTED="$expected" -T link.ld \
        -o "$1" start.S main.c kernels.c
    echo "$1: iterations=$2 expected checksum $expected"
}

build bench.elf "$ITER_FULL"
build bench-small.elf "$ITER_SMALL"
expected=$("$tmp/fphost" "$ITER_FP")
"${CROSS}gcc" $FPFLAGS -DITERATIONS="$ITER_FP" -DEXPECTED="$expected" -T link.ld -o fp-bench.elf start.S main.c fpkernels.c
echo "fp-bench.elf: iterations=$ITER_FP expected checksum $expected"
expected=$("$tmp/fphost" "$ITER_FP_SMALL")
"${CROSS}gcc" $FPFLAGS -DITERATIONS="$ITER_FP_SMALL" -DEXPECTED="$expected" -T link.ld -o fp-bench-small.elf start.S main.c fpkernels.c
echo "fp-bench-small.elf: iterations=$ITER_FP_SMALL expected checksum $expected"

if [ "$check" = 1 ]; then
    if ! command -v qemu-system-riscv64 >/dev/null 2>&1; then
        echo "qemu-system-riscv64 not installed: not checked"
        exit 0
    fi
    for elf in bench-small.elf bench.elf fp-bench.elf fp-bench-small.elf; do
        # -icount shift=0,sleep=off: minstret exact (without sleep=off, start-up time leaks into it)
        out=$(timeout 120 qemu-system-riscv64 -machine virt -bios none -nographic \
            -icount shift=0,sleep=off -kernel "$elf") || { echo "$out"; echo "$elf: FAILED on qemu"; exit 1; }
        echo "$out" | grep -q '^PASS' || { echo "$out"; echo "$elf: no PASS"; exit 1; }
        echo "$elf on qemu: $(echo "$out" | grep -E '^(checksum|instret):' | tr '\n' ' ')"
    done
fi
