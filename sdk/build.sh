#!/bin/sh
# Builds the seltrace SDK runtime into lib/libmicrokit.a: crt0 (_start), the event loop, debug
# output and mem* helpers. Link PDs with -u _start (pd_link in flags.sh does) so the archive's
# crt0 is pulled in. The archive is committed so examples link without rebuilding; rerun after
# editing src/ or include/.
# Objects are compiled to fixed names and archived with ar D so rebuilds are byte-identical.
set -eu
cd "$(dirname "$0")"
SDK_DIR=$(pwd) # flags.sh would derive it from $0, which is relative to where we started
. ./flags.sh
OBJ=$(mktemp -d)
trap 'rm -rf "$OBJ"' EXIT
mkdir -p lib

$CC $SDK_CFLAGS -c -o "$OBJ/crt0.o" src/crt0.S
$CC $SDK_CFLAGS -c -o "$OBJ/main.o" src/main.c
$CC $SDK_CFLAGS -c -o "$OBJ/dbg.o" src/dbg.c
$CC $SDK_CFLAGS -fno-tree-loop-distribute-patterns -fno-builtin -c -o "$OBJ/string.o" src/string.c
rm -f lib/libmicrokit.a
(cd "$OBJ" && $AR rcsD "$OLDPWD/lib/libmicrokit.a" crt0.o main.o dbg.o string.o)
rm -f lib/crt0.o
echo "sdk: built lib/libmicrokit.a"
