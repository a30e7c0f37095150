#!/usr/bin/env bash
# Builds the replay test guests (committed under bin/).
set -euo pipefail
cd "$(dirname "$0")"
riscv64-unknown-elf-gcc -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -nostdlib -nostartfiles -static \
  -Wl,--no-warn-rwx-segments -T src/link.ld -o bin/dataflow.elf src/dataflow.S
