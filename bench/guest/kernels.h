/*
 * seltrace benchmark guest: the compute kernels.
 * Portable C (fixed-width types, no undefined behaviour, no pointer values in results),
 * so the same file built for the host gives the expected checksum.
 */
#ifndef SELTRACE_BENCH_KERNELS_H
#define SELTRACE_BENCH_KERNELS_H

#include <stdint.h>

/* Build tables; call once before bench_run. */
void bench_init(void);

/* Run every kernel `iterations` times; returns the combined CRC-32 of all kernel results. */
uint32_t bench_run(uint32_t iterations);

#endif
