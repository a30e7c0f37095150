#!/usr/bin/env bash
# Builds the CLI test guests (committed under bin/).
set -euo pipefail
cd "$(dirname "$0")"
for s in src/*.S; do
  n=$(basename "$s" .S)
  riscv64-unknown-elf-gcc -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -nostdlib -nostartfiles -static \
    -Wl,--no-warn-rwx-segments -T src/link.ld -o "bin/$n.elf" "$s"
done
# Linked with -Ttext and no script: the headers' page lands below RAM (see src/ttext/ttext.S).
riscv64-unknown-elf-gcc -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -nostdlib -nostartfiles -static \
  -Wl,--no-warn-rwx-segments -Wl,-Ttext=0x80000000 -o bin/ttext.elf src/ttext/ttext.S
