/**
 * How the SQLite index declares its tables (Perfetto style): each table once — name, doc,
 * columns with types and a doc line each, indexes. The DDL, the TypeScript row types (RowOf)
 * and the README table docs are derived from these declarations.
 */

export type SqlType = 'INTEGER' | 'REAL' | 'TEXT' | 'BLOB';

export interface ColumnDecl {
  readonly name: string;
  readonly type: SqlType;
  readonly doc: string;
  /** NULL allowed (default: no). */
  readonly nullable?: boolean;
}

export interface TableDecl {
  readonly name: string;
  readonly doc: string;
  readonly columns: readonly ColumnDecl[];
  /** The INTEGER column that is the rowid (INTEGER PRIMARY KEY), if any. */
  readonly primaryKey?: string;
  /** Secondary indexes: column lists; a trailing `WHERE ...` string makes it partial. */
  readonly indexes?: readonly (readonly string[])[];
}

type TsOf<T extends SqlType> = T extends 'INTEGER' | 'REAL' ? number : T extends 'TEXT' ? string : Uint8Array;
type ColValue<C extends ColumnDecl> = TsOf<C['type']> | (C extends { readonly nullable: true } ? null : never);

/** The row type of a declared table: one property per column, typed from its SQL type. */
export type RowOf<T extends TableDecl> = { [C in T['columns'][number] as C['name']]: ColValue<C> };

export function tableDdl(t: TableDecl): string {
  return [tableCreateDdl(t), indexDdl(t)].filter((x) => x !== '').join('\n');
}

export function tableCreateDdl(t: TableDecl): string {
  const cols = t.columns.map((c) => `${c.name} ${c.type}${c.name === t.primaryKey ? ' PRIMARY KEY' : ''}${c.nullable === true || c.name === t.primaryKey ? '' : ' NOT NULL'}`);
  return `CREATE TABLE ${t.name} (${cols.join(', ')});`;
}

/** The secondary indexes (built after the rows: one sort instead of upkeep per insert). */
export function indexDdl(t: TableDecl): string {
  const out: string[] = [];
  (t.indexes ?? []).forEach((spec, i) => {
    const where = spec.filter((s) => s.startsWith('WHERE '));
    const cols2 = spec.filter((s) => !s.startsWith('WHERE '));
    out.push(`CREATE INDEX ${t.name}_i${i} ON ${t.name} (${cols2.join(', ')})${where.length > 0 ? ' ' + where[0] : ''};`);
  });
  return out.join('\n');
}

/** Insert statement SQL with one `?` per column, in declaration order. */
export function insertSql(t: TableDecl): string {
  return `INSERT INTO ${t.name} (${t.columns.map((c) => c.name).join(', ')}) VALUES (${t.columns.map(() => '?').join(', ')})`;
}

/** Markdown documentation of tables (the README "Index tables" section is generated from this). */
export function tablesMarkdown(tables: readonly TableDecl[]): string {
  const out: string[] = [];
  for (const t of tables) {
    out.push(`#### \`${t.name}\` — ${t.doc}`, '', '| column | type | meaning |', '|---|---|---|');
    for (const c of t.columns) out.push(`| \`${c.name}\` | ${c.type}${c.nullable === true ? ' or NULL' : ''} | ${c.doc.replace(/\|/g, '\\|')} |`);
    out.push('');
  }
  return out.join('\n');
}
