/** Default cycle limit of a run or recording (a runaway guest stops there): its own module so the CLI can show it without loading the emulator. */
export const DEFAULT_MAX_CYCLES = 10_000_000_000;
