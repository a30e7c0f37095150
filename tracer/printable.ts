/**
 * Text that came from a trace or a guest (image names, symbols, UART bytes) is printed through
 * this one function, so a recording can never drive the user's terminal: control characters
 * other than newline and tab become visible escapes (`\x1b`, `\r`, `\x9b`). CR before LF is the
 * guest's line ending and is dropped.
 */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\r\n/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => {
    if (c === '\r') return '\\r';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}
