#!/usr/bin/env bash
# Run every manifest entry (or the named ones) on qemu-system-riscv64 and compare with the
# manifest's expectations: exit code, and console output when the entry has expect.uart.
#   tests/isa/run-qemu.sh [NAME...]
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
command -v qemu-system-riscv64 >/dev/null || { echo "qemu-system-riscv64 not found" >&2; exit 1; }
mapfile -t rows < <(node -e '
  const m = JSON.parse(require("fs").readFileSync("manifest.json", "utf8"));
  const want = process.argv.slice(1);
  for (const e of m) if (!want.length || want.includes(e.name))
    console.log([e.name, e.elf, e.machine, e.expect.exitCode, JSON.stringify(e.expect.uart ?? null), e.qemuSkip ?? ""].join("\t"));
' "$@")
pass=0; fail=0; tmp="$(mktemp)"
for row in "${rows[@]}"; do
  IFS=$'\t' read -r name elf machine code uart qskip <<<"$row"
  if [[ -n "$qskip" ]]; then printf 'skip  %s: %s\n' "$name" "$qskip"; continue; fi
  timeout 20 qemu-system-riscv64 -machine "$machine" -bios none -nographic -monitor none \
    -serial stdio -kernel "$elf" </dev/null >"$tmp" 2>&1
  rc=$?
  ok=1; why=""
  if [[ $rc -ne $((code % 256)) ]]; then ok=0; why="exit $rc, expected $code"; fi
  if [[ "$uart" != null ]]; then
    if ! node -e 'const fs=require("fs"); process.exit(fs.readFileSync(process.argv[1],"latin1")===JSON.parse(process.argv[2])?0:1)' "$tmp" "$uart"; then
      ok=0; why="$why uart mismatch: $(head -c 300 "$tmp" | od -c | head -5)"
    fi
  fi
  if ((ok)); then pass=$((pass+1)); printf 'ok    %s\n' "$name"
  else fail=$((fail+1)); printf 'FAIL  %s: %s\n' "$name" "$why"; head -c 600 "$tmp"; echo; fi
done
rm -f "$tmp"
echo "qemu: $pass passed, $fail failed"
[[ $fail -eq 0 ]]
