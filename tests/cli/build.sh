#!/usr/bin/env bash
# Builds the CLI test guests (committed under bin/).
set -euo pipefail
cd "$(dirname "$0")"
../helpers/build-asm-guests.sh .
# Linked with -Ttext and no script: the headers' page lands below RAM (see src/ttext/ttext.S).
riscv64-unknown-elf-gcc -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -nostdlib -nostartfiles -static \
  -Wl,--no-warn-rwx-segments -Wl,-Ttext=0x80000000 -o bin/ttext.elf src/ttext/ttext.S
