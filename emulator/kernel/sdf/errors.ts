/**
 * Errors and warnings for `.system` (Microkit SDF) files. Every message is one line of the form
 * `file:line:col: message`, so editors and terminals can jump to the spot.
 */

/** 1-based line and column (columns count UTF-16 code units; a tab is one column). */
export interface SourcePos {
  readonly line: number;
  readonly col: number;
}

/** Collapse line breaks so a message always stays on one line. */
function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}

/** A fatal problem in a `.system` file (malformed XML or an invalid description). */
export class SdfError extends Error {
  override readonly name = 'SdfError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    /** The message without the `file:line:col: ` prefix. */
    readonly detail: string,
  ) {
    super(`${file}:${line}:${col}: ${oneLine(detail)}`);
  }
}

/** Something legal but almost certainly unintended (e.g. a passive PD nothing can wake). */
export interface SdfWarning {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Already formatted as `file:line:col: warning: ...`. */
  readonly message: string;
}

export function makeWarning(file: string, pos: SourcePos, detail: string): SdfWarning {
  return {
    file,
    line: pos.line,
    col: pos.col,
    message: `${file}:${pos.line}:${pos.col}: warning: ${oneLine(detail)}`,
  };
}

/** Quote a user-supplied value for a message: JSON escaping keeps it on one line; long values are cut. */
export function quote(value: string): string {
  const cut = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return JSON.stringify(cut);
}

export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

export function at(pos: SourcePos): string {
  return `${pos.line}:${pos.col}`;
}
