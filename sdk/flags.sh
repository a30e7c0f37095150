# Shared compiler settings for the SDK and for PD programs (sourced by build scripts).
# SDK_DIR must point at this directory; callers set it or it is derived from $0.
: "${SDK_DIR:=$(cd "$(dirname "$0")" && pwd)}"
CC=riscv64-unknown-elf-gcc
AR=riscv64-unknown-elf-ar
# -g with the repo prefix mapped away: source-level debugging without absolute paths.
SDK_REPO=$(cd "$SDK_DIR/.." && pwd)
SDK_CFLAGS="-march=rv64imafdc_zicsr_zifencei -mabi=lp64d -mcmodel=medany -O2 -g -ffreestanding \
 -nostdlib -nostartfiles -static -Wall -Wextra -Wno-main -fno-common -fno-asynchronous-unwind-tables \
 -ffile-prefix-map=$SDK_REPO/= -Wa,--debug-prefix-map=$SDK_REPO/= -I$SDK_DIR/include"
# RV64GC (rv64imafdc, hard-float lp64d ABI) as on seL4's usual RISC-V targets. The
# zicsr/zifencei spelling defeats gcc's multilib match, so name the rv64imafdc/lp64d libgcc.
SDK_LIBGCC=$($CC -march=rv64imafdc -mabi=lp64d -print-libgcc-file-name)
SDK_LDFLAGS="-T $SDK_DIR/microkit.ld -Wl,--build-id=none -Wl,-z,max-page-size=0x1000"
# Link one PD: pd_link OUTPUT OBJECTS...
pd_link() {
    out=$1
    shift
    $CC $SDK_CFLAGS $SDK_LDFLAGS -Wl,--undefined=_start -o "$out" "$@" "$SDK_DIR/lib/libmicrokit.a" "$SDK_LIBGCC"
}
