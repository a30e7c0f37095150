#!/usr/bin/env bash
# Builds the index test guests (committed under bin/).
set -euo pipefail
cd "$(dirname "$0")"
for s in src/*.S; do
  n=$(basename "$s" .S)
  riscv64-unknown-elf-gcc -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -nostdlib -nostartfiles -static \
    -Wl,--no-warn-rwx-segments -T src/link.ld -o "bin/$n.elf" "$s"
done
