#!/bin/sh
# Rebuilds the disassembler fixtures in bin/ from src/ and records what objdump prints for
# them (bin/*.objdump), so the comparison also runs where the cross toolchain is missing.
# Objects are assembled to fixed names first so rebuilding gives identical bytes.
set -eu
cd "$(dirname "$0")"
mkdir -p bin
OBJ=$(mktemp -d)
trap 'rm -rf "$OBJ"' EXIT
CC=riscv64-unknown-elf-gcc
RV64="-march=rv64imac_zicsr_zifencei -mabi=lp64 -nostdlib -nostartfiles -mcmodel=medany"
for name in all layout; do
    $CC $RV64 -c -o "$OBJ/$name.o" "src/$name.S"
    $CC $RV64 -T src/link.ld -o "bin/$name.elf" "$OBJ/$name.o"
    # objdump prints the file name it was given: record it relative to the repo root.
    (cd ../.. && riscv64-unknown-elf-objdump -d -M no-aliases "tests/disasm/bin/$name.elf") > "bin/$name.objdump"
done
# An object file (objdump disassembles those: sections at 0, unapplied relocations).
$CC $RV64 -c -o bin/object.o src/object.S
(cd ../.. && riscv64-unknown-elf-objdump -d -M no-aliases tests/disasm/bin/object.o) > bin/object.objdump
# An image seltrace could not boot (its entry lies outside every segment) still disassembles.
$CC $RV64 -T src/link.ld -Wl,--entry=0x90000000 -o bin/unbootable.elf "$OBJ/layout.o"
(cd ../.. && riscv64-unknown-elf-objdump -d -M no-aliases tests/disasm/bin/unbootable.elf) > bin/unbootable.objdump
# Without any symbol objdump labels sections and prints bare 0x addresses.
riscv64-unknown-elf-strip -o bin/stripped.elf bin/layout.elf
(cd ../.. && riscv64-unknown-elf-objdump -d -M no-aliases tests/disasm/bin/stripped.elf) > bin/stripped.objdump
