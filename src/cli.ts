#!/usr/bin/env node
/**
 * seltrace's entry point. `seltrace record` starts its worker first (record-prestart.ts), before
 * anything else is loaded: with ES modules a static import graph is loaded whole before any of
 * it runs, so the worker would otherwise wait for the argument parser's modules (~20 ms). Then
 * the CLI itself (cli-main.ts).
 */
import './commands/record-prestart.js';
await import('./cli-main.js');
