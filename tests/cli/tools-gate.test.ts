import { describe, it, expect } from 'vitest';
import { requireTool } from '../helpers/tools.js';

describe('external tools in tests', () => {
  it('a missing tool skips locally but fails in CI', () => {
    expect(requireTool('no-such-tool', false, false)).toBe(false);
    expect(() => requireTool('no-such-tool', false, true)).toThrow(/no-such-tool is not on PATH; CI must have it/);
    expect(requireTool('sh', true, true)).toBe(true);
  });
});
