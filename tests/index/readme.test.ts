/** The README's index table docs are generated from the declarations; its example queries run. */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { indexTablesMarkdown } from '../../tracer/index-db.js';
import { cli, recordToAsync, tempDir } from './helpers.js';

const README = 'README.md';
const BEGIN = '<!-- index-tables:begin -->', END = '<!-- index-tables:end -->';

describe('README "Query and export"', () => {
  it('documents every index table and column exactly as declared (UPDATE_README=1 rewrites it)', async () => {
    const text = readFileSync(README, 'utf8');
    const a = text.indexOf(BEGIN), b = text.indexOf(END);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(a);
    const want = `${BEGIN}\n${indexTablesMarkdown()}${END}`;
    if (process.env.UPDATE_README === '1') writeFileSync(README, text.slice(0, a) + want + text.slice(b + END.length));
    expect(readFileSync(README, 'utf8').slice(a, b + END.length)).toBe(want);
  });

  it('its three example queries run and answer on example recordings', async () => {
    const text = readFileSync(README, 'utf8');
    const section = text.slice(text.indexOf('## Query and export'), text.indexOf('### Index tables'));
    const queries = [...section.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(queries).toHaveLength(3);
    const dir = tempDir();
    const traces = [await recordToAsync(dir, 'realtime', 'examples/realtime/image.elf'), await recordToAsync(dir, 'client-server-driver', 'examples/client-server-driver/image.elf')];
    for (const q of queries) {
      let rows = 0;
      for (const t of traces) {
        const r = (await cli('sql', t, q, '--json'));
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        rows += (JSON.parse(r.stdout) as unknown[]).length;
      }
      expect(rows, q).toBeGreaterThan(0);
    }
  }, 120_000);
});
