# Sourced by examples/<name>/build.sh (run from the example's directory).
# build_pd NAME SOURCES...   compile and link build/NAME.elf against the seltrace SDK
#                            (extra compiler flags for this PD only: set PD_CFLAGS)
# pack_system FILE.system    pack the system into image.elf with seltrace's packer (dist/ build)
EXAMPLES_DIR=$(cd .. && pwd)
SDK_DIR=$(cd "$EXAMPLES_DIR/../sdk" && pwd)
. "$SDK_DIR/flags.sh"
[ -f "$SDK_DIR/lib/libmicrokit.a" ] || "$SDK_DIR/build.sh"

build_pd() {
    name=$1
    shift
    mkdir -p build
    objs=""
    for src in "$@"; do
        obj="build/$(basename "${src%.c}").o"
        $CC $SDK_CFLAGS ${PD_CFLAGS:-} -I"$EXAMPLES_DIR/include" -c -o "$obj" "$src"
        objs="$objs $obj"
    done
    # shellcheck disable=SC2086
    pd_link "build/$name.elf" $objs
    rm -f $objs
}

pack_system() {
    packer="$EXAMPLES_DIR/../dist/src/commands/pack.js"
    if [ ! -f "$packer" ]; then
        echo "$packer is missing: run 'npm run build' in the repository first" >&2
        exit 1
    fi
    node "$EXAMPLES_DIR/pack.mjs" "$1" -o image.elf
}
