#!/bin/sh
# Rebuilds the SDK and every example (PD ELFs in <name>/build/, packed <name>/image.elf).
set -eu
cd "$(dirname "$0")"
../sdk/build.sh
for ex in hello client-server-driver producer-consumer realtime spi-driver deadline-miss pid-control passive-signal budget-overrun interference ppc-chain irq-delay control-loop overload passive-shared eight-pds ppc-fault; do
    echo "== $ex"
    "./$ex/build.sh"
done
