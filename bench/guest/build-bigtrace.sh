#!/bin/sh
# Build bench/guest/bigtrace.elf (the large-trace bench guest) and jumps.elf (one-instruction blocks: the recorder's worst case); both committed.
set -eu
cd "$(dirname "$0")"
"${CROSS:-riscv64-unknown-elf-}gcc" -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -nostdlib -nostartfiles -static \
  -Wl,--no-warn-rwx-segments -Wl,-Ttext=0x80000000 -o bigtrace.elf bigtrace.S
"${CROSS:-riscv64-unknown-elf-}gcc" -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -nostdlib -nostartfiles -static \
  -Wl,--no-warn-rwx-segments -Wl,-Ttext=0x80000000 -o jumps.elf jumps.S
