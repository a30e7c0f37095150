#!/usr/bin/env bash
# Build the kernel-model test guests: every guests/<name>.S (except lib.S) linked with lib.S
# into bin/<name>.elf at the Microkit PD link base 0x200000, plus bin/<name>.dump.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
CC=${CC:-riscv64-unknown-elf-gcc}
OBJDUMP=${OBJDUMP:-riscv64-unknown-elf-objdump}
command -v "$CC" >/dev/null || { echo "build.sh: $CC not found (apt-get install gcc-riscv64-unknown-elf)" >&2; exit 1; }
CFLAGS=(-march=rv64imac_zicsr_zifencei -mabi=lp64 -nostdlib -nostartfiles -static -mcmodel=medany
        -Ttext=0x200000 -Wl,--no-relax -Wl,--no-warn-rwx-segments -Wa,--fatal-warnings)
mkdir -p bin
for src in *.S; do
  name="${src%.S}"
  [ "$name" = lib ] && continue
  march=()
  case "$name" in fpu_*) march=(-march=rv64gc_zicsr_zifencei -mabi=lp64d) ;; esac # F/D guests
  "$CC" "${CFLAGS[@]}" "${march[@]}" -o "bin/$name.elf" "$src" lib.S
  "$OBJDUMP" -d "bin/$name.elf" > "bin/$name.dump"
done
echo "built $(ls bin/*.elf | wc -l) guests"
