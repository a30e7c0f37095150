/** The seL4 (MCS) kernel model: boot a system, run it on a Machine, observe and snapshot it. */
export { Kernel, type KernelOptions, type ThreadInfo } from './kernel.js';
export { bootSystem, type BootOptions } from './loader.js';
export { DEFAULT_COSTS, type KernelCosts } from './costs.js';
export { KERNEL_STATE_VERSION, type KernelState, type PlainValue } from './snapshot.js';
export type { FaultRecord } from './state.js';
export { Sys, Label, Err, ObjType, CapType, FaultType, syscallName, errorName, faultName } from './abi.js';
