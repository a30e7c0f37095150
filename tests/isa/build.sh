#!/usr/bin/env bash
# Build the seltrace ISA test programs.
#
#   tests/isa/build.sh            build what is out of date, regenerate manifest.json
#   tests/isa/build.sh --force    rebuild everything
#   tests/isa/build.sh NAME...    only sources src/NAME.S (the manifest still lists every source)
#
# Every src/<name>.S is built once per environment it asks for, into bin/<name>-<env>.elf plus
# bin/<name>-<env>.dump (objdump -d -M no-aliases). Directives in the source (C++-style comment
# lines, removed by the preprocessor):
#   // @rvt envs: p v              environments (default: p)
#   // @rvt machine: spike|virt    QEMU machine to compare with (default spike = HTIF tohost);
#                                  virt builds with -DRVT_VIRT (finisher exit, UART console)
#   // @rvt exit: N                expected exit code (default 0)
#   // @rvt uart: TEXT             expected console output, C escapes (\n, \\) allowed
#   // @rvt desc: TEXT             one line for the manifest
#   // @rvt march: ISA             -march for this program (default rv64imac_zicsr_zifencei);
#                                  one with F/D builds with -mabi=lp64d
#   // @rvt qemu-skip: REASON      QEMU 7.2 does not behave as the spec/emulator requires here:
#                                  qemu-diff and run-qemu.sh skip it, the manifest keeps the reason
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

CC=${CC:-riscv64-unknown-elf-gcc}
OBJDUMP=${OBJDUMP:-riscv64-unknown-elf-objdump}
CFLAGS=(-nostdlib -nostartfiles -mcmodel=medany -static
        -Wa,--fatal-warnings -Wl,--fatal-warnings -Wl,--no-warn-rwx-segments)

command -v "$CC" >/dev/null || { echo "build.sh: $CC not found (apt-get install gcc-riscv64-unknown-elf)" >&2; exit 1; }
command -v "$OBJDUMP" >/dev/null || { echo "build.sh: $OBJDUMP not found" >&2; exit 1; }
command -v node >/dev/null || { echo "build.sh: node not found (needed to write manifest.json)" >&2; exit 1; }

force=0
only=()
for a in "$@"; do
  case "$a" in
    --force) force=1 ;;
    -*) echo "build.sh: unknown option $a" >&2; exit 2 ;;
    *) only+=("$a") ;;
  esac
done

for o in "${only[@]}"; do
  [[ -f "src/$o.S" ]] || { echo "build.sh: no source src/$o.S" >&2; exit 1; }
done

mkdir -p bin
objdir="$(mktemp -d)"
trap 'rm -rf "$objdir"' EXIT

directive() { # file key -> value (empty if absent)
  sed -n "s|^[[:space:]]*//[[:space:]]*@rvt[[:space:]]\+$2:[[:space:]]*||p" "$1" | head -n1 | sed 's/[[:space:]]*$//'
}

env_deps=(env/rvt.h env/vm.h env/common.S env/link.ld)
SEP=$'\x1f'   # field separator for the manifest rows
built=0
entries=()
for src in src/*.S; do
  name="$(basename "$src" .S)"
  envs="$(directive "$src" envs)"; envs="${envs:-p}"
  machine="$(directive "$src" machine)"; machine="${machine:-spike}"
  exitc="$(directive "$src" exit)"; exitc="${exitc:-0}"
  uart="$(directive "$src" uart)"
  desc="$(directive "$src" desc)"
  qskip="$(directive "$src" qemu-skip)"
  march="$(directive "$src" march)"; march="${march:-rv64imac_zicsr_zifencei}"
  base="${march%%_*}"; base="${base#rv64}"
  case "$base" in *[dg]*) abi=lp64d ;; *) abi=lp64 ;; esac
  case "$machine" in spike|virt) ;; *) echo "build.sh: $src: bad machine '$machine'" >&2; exit 1 ;; esac
  [[ "$exitc" =~ ^[0-9]+$ ]] || { echo "build.sh: $src: bad exit '$exitc'" >&2; exit 1; }
  defs=(-march="$march" -mabi="$abi")
  [[ "$machine" == virt ]] && defs+=(-DRVT_VIRT)
  for env in $envs; do
    case "$env" in p|v) ;; *) echo "build.sh: $src: bad env '$env'" >&2; exit 1 ;; esac
    [[ "$env" == v && "$machine" == virt ]] && { echo "build.sh: $src: env v is spike-only" >&2; exit 1; }
    out="$name-$env"
    entries+=("$out$SEP$machine$SEP$exitc$SEP$uart$SEP$desc$SEP$qskip")
    if ((${#only[@]})); then
      keep=0; for o in "${only[@]}"; do [[ "$o" == "$name" ]] && keep=1; done
      ((keep)) || continue
    fi
    elf="bin/$out.elf"; dump="bin/$out.dump"
    stale=$force
    if ((!stale)); then
      for dep in "$src" "${env_deps[@]}" "env/$env/start.S" "env/$env/env.h" build.sh; do
        if [[ ! -e "$elf" || ! -e "$dump" || "$dep" -nt "$elf" ]]; then stale=1; break; fi
      done
    fi
    ((stale)) || continue
    echo "  build $out"
    # compile to objects with fixed names first: linking straight from .S would put gcc's
    # random temporary object names into the symbol table and make the ELFs differ per build
    rm -f "$objdir"/*.o
    "$CC" "${CFLAGS[@]}" "${defs[@]}" -I"env/$env" -Ienv -c "env/$env/start.S" -o "$objdir/start.o"
    "$CC" "${CFLAGS[@]}" "${defs[@]}" -I"env/$env" -Ienv -c "$src" -o "$objdir/$name.o"
    "$CC" "${CFLAGS[@]}" -march="$march" -mabi="$abi" -T env/link.ld "$objdir/start.o" "$objdir/$name.o" -o "$elf.tmp"
    mv "$elf.tmp" "$elf"
    (cd bin && "$OBJDUMP" -d -M no-aliases "$out.elf" > "$out.dump.tmp" && mv "$out.dump.tmp" "$out.dump")
    built=$((built + 1))
  done
done

# manifest.json: one entry per built program, in source order
printf '%s\n' "${entries[@]}" | node -e '
  const lines = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
  const unescape = (s) => s.replace(/\\(n|t|r|\\|x[0-9a-fA-F]{2})/g, (_, e) =>
    e === "n" ? "\n" : e === "t" ? "\t" : e === "r" ? "\r" : e === "\\" ? "\\" :
    String.fromCharCode(parseInt(e.slice(1), 16)));
  const out = lines.map((l) => {
    const [name, machine, exit, uart, desc, qskip] = l.split("\x1f");
    const e = { name, elf: `bin/${name}.elf`, machine, expect: { exitCode: Number(exit) } };
    if (uart) e.expect.uart = unescape(uart);
    if (desc) e.desc = desc;
    if (qskip) e.qemuSkip = qskip;
    return e;
  });
  require("fs").writeFileSync("manifest.json.tmp", JSON.stringify(out, null, 2) + "\n");
'
mv manifest.json.tmp manifest.json
echo "build.sh: $built program(s) built, manifest lists ${#entries[@]}"
