/**
 * External tools the tests use (cross toolchain, objdump, qemu, tmux). On a developer's machine
 * a missing tool skips the tests that need it; in CI (`CI=true`) it is a failure: the module that
 * asks throws, so its whole file fails with a line naming the tool.
 */
import { spawnSync } from 'node:child_process';
import isInCi from 'is-in-ci';

export const IN_CI: boolean = isInCi;

/** Whether the tests needing `tool` can run; throws in CI if it is missing. */
export function requireTool(tool: string, present: boolean, inCi: boolean = IN_CI): boolean {
  if (!present && inCi) throw new Error(`${tool} is not on PATH; CI must have it (bash .ci/run installs it)`);
  return present;
}

/** Whether `tool` runs (`tool --version`). */
export function onPath(tool: string): boolean {
  return spawnSync(tool, ['--version'], { stdio: 'ignore' }).error === undefined;
}
