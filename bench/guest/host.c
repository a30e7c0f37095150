/*
 * seltrace benchmark guest, host build: prints the checksum that the RISC-V build must
 * reproduce. Usage: host <iterations>
 */
#include <stdio.h>
#include <stdlib.h>

#include "kernels.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s <iterations>\n", argv[0]);
        return 2;
    }
    uint32_t iterations = (uint32_t)strtoul(argv[1], NULL, 0);
    bench_init();
    printf("0x%08x\n", (unsigned)bench_run(iterations));
    return 0;
}
