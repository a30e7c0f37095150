#!/bin/sh
# Builds the seltrace SDK runtime: lib/crt0.o (link it first, it holds _start) and
# lib/libmicrokit.a (event loop, debug output, mem* helpers). Outputs are committed so
# examples can be linked without rebuilding; rerun after editing src/ or include/.
# Objects are compiled to fixed names and archived with ar D so rebuilds are byte-identical.
set -eu
cd "$(dirname "$0")"
. ./flags.sh
OBJ=$(mktemp -d)
trap 'rm -rf "$OBJ"' EXIT
mkdir -p lib

$CC $SDK_CFLAGS -c -o lib/crt0.o src/crt0.S
$CC $SDK_CFLAGS -c -o "$OBJ/main.o" src/main.c
$CC $SDK_CFLAGS -c -o "$OBJ/dbg.o" src/dbg.c
$CC $SDK_CFLAGS -fno-tree-loop-distribute-patterns -fno-builtin -c -o "$OBJ/string.o" src/string.c
rm -f lib/libmicrokit.a
(cd "$OBJ" && $AR rcsD "$OLDPWD/lib/libmicrokit.a" main.o dbg.o string.o)
echo "sdk: built lib/crt0.o lib/libmicrokit.a"
