/**
 * The target description gdb reads with qXfer:features:read:target.xml: riscv:rv64 with the
 * features gdb's riscv-tdep knows (cpu, fpu when present, csr, virtual). Register numbers are
 * gdb's own: x0–x31 = 0–31, pc = 32, f0–f31 = 33–64, CSR n = 65 + n, priv = 65 + 4096.
 */
import { REG } from './target.js';

const GPR_NAMES = ['zero', 'ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 'fp', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7',
  's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6'];
const FPR_NAMES = ['ft0', 'ft1', 'ft2', 'ft3', 'ft4', 'ft5', 'ft6', 'ft7', 'fs0', 'fs1', 'fa0', 'fa1', 'fa2', 'fa3', 'fa4', 'fa5', 'fa6', 'fa7',
  'fs2', 'fs3', 'fs4', 'fs5', 'fs6', 'fs7', 'fs8', 'fs9', 'fs10', 'fs11', 'ft8', 'ft9', 'ft10', 'ft11'];

export function targetXml(csrs: readonly { num: number; name: string }[], fpu: boolean): string {
  const out: string[] = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE target SYSTEM "gdb-target.dtd">',
    '<target version="1.0">',
    '<architecture>riscv:rv64</architecture>',
    '<feature name="org.gnu.gdb.riscv.cpu">',
  ];
  GPR_NAMES.forEach((n, i) => {
    const type = i === 1 ? 'code_ptr' : i === 2 || i === 8 ? 'data_ptr' : 'int';
    out.push(`<reg name="${n}" bitsize="64" type="${type}" regnum="${i}"/>`);
  });
  out.push(`<reg name="pc" bitsize="64" type="code_ptr" regnum="${REG.PC}"/>`, '</feature>');
  if (fpu) {
    out.push('<feature name="org.gnu.gdb.riscv.fpu">');
    FPR_NAMES.forEach((n, i) => out.push(`<reg name="${n}" bitsize="64" type="ieee_double" regnum="${REG.FIRST_FPR + i}"/>`));
    ['fflags', 'frm', 'fcsr'].forEach((n, i) => out.push(`<reg name="${n}" bitsize="64" type="int" regnum="${REG.FIRST_CSR + 1 + i}"/>`));
    out.push('</feature>');
  }
  out.push('<feature name="org.gnu.gdb.riscv.csr">');
  // With an FPU, fflags/frm/fcsr belong to the fpu feature (as gdb's riscv-tdep expects).
  for (const c of csrs) if (!fpu || c.num > 3) out.push(`<reg name="${c.name}" bitsize="64" type="int" regnum="${REG.FIRST_CSR + c.num}" group="system"/>`);
  out.push('</feature>');
  out.push('<feature name="org.gnu.gdb.riscv.virtual">', `<reg name="priv" bitsize="64" type="int" regnum="${REG.PRIV}" group="system"/>`, '</feature>');
  out.push('</target>');
  return out.join('\n') + '\n';
}
