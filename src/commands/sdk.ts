/** `seltrace sdk`: print the SDK directory, for build scripts outside the checkout (sdk/pd.sh). */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors.js';

/** The sdk/ directory next to this build of seltrace (dist/src/commands → repository root). */
export function sdkDir(): string {
  const dir = fileURLToPath(new URL('../../../sdk', import.meta.url));
  if (!existsSync(`${dir}/pd.sh`)) throw new UserError(`the SDK is missing (expected ${dir}/pd.sh)`);
  return dir;
}

export function sdkCommand(): number {
  process.stdout.write(`${sdkDir()}\n`);
  return 0;
}
