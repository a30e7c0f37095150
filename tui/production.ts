/**
 * Imported first by the TUI entry: React's development build (the default without NODE_ENV)
 * checks and warns on every render and roughly doubles keypress-to-frame time.
 */
process.env['NODE_ENV'] ??= 'production';
export {};
