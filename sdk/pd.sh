# Build Microkit-style PD programs and pack a system with the seltrace SDK, from any directory.
# Source it from your build script:
#
#   export SELTRACE_SDK="$(seltrace sdk)"    # or the sdk/ directory of a seltrace checkout
#   . "$SELTRACE_SDK/pd.sh"
#   build_pd hello hello.c                   # → build/hello.elf (extra flags: PD_CFLAGS, PD_INCLUDES)
#   pack_system hello.system                 # → image.elf (program_image paths relative to it)
#
# Paths are relative to the directory the script runs in.
if [ -z "${SELTRACE_SDK:-}" ]; then
    if command -v seltrace >/dev/null 2>&1; then SELTRACE_SDK=$(seltrace sdk); else
        echo "pd.sh: set SELTRACE_SDK to seltrace's sdk/ directory (\`seltrace sdk\` prints it)" >&2
        exit 2
    fi
fi
SDK_DIR=$(cd "$SELTRACE_SDK" && pwd)
. "$SDK_DIR/flags.sh"
[ -f "$SDK_DIR/lib/libmicrokit.a" ] || "$SDK_DIR/build.sh"

build_pd() {
    name=$1
    shift
    mkdir -p build
    objs=""
    for src in "$@"; do
        obj="build/$(basename "${src%.c}").o"
        # shellcheck disable=SC2086
        $CC $SDK_CFLAGS ${PD_CFLAGS:-} ${PD_INCLUDES:-} -c -o "$obj" "$src"
        objs="$objs $obj"
    done
    # shellcheck disable=SC2086
    pd_link "build/$name.elf" $objs
    rm -f $objs
}

# pack_system FILE.system [OUTPUT]   (default image.elf)
pack_system() {
    cli="$SDK_DIR/../dist/src/cli.js"
    if [ ! -f "$cli" ]; then
        echo "$cli is missing: run 'npm run build' in the seltrace checkout first" >&2
        exit 1
    fi
    node "$cli" pack "$1" -o "${2:-image.elf}"
}
