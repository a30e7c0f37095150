/** Default --max-trace-size (bytes): its own module so the CLI can show it without loading the recorder. */
export const DEFAULT_MAX_TRACE_SIZE = 4_000_000_000;
