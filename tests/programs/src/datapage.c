/* Data in the same 4 KiB page as hot code (small programs: .bss right after .text; a buffer
 * kept small so .bss shares the page with the code in every build): stores next to the code must not throw away its
 * decoded and translated instructions — only stores onto instruction bytes may. */
#include "rt.h"

static const uint8_t K[8] = {3, 1, 4, 1, 5, 9, 2, 6};
static uint8_t buf[256];

static uint32_t mix(int rounds)
{
    uint32_t s = 0;
    for (int r = 0; r < rounds; r++)
        for (int i = 0; i < 64; i++) {
            buf[i] = (uint8_t)(i + r + K[i & 7]);
            s = s * 31 + buf[(i * 7) & 63];
        }
    return s;
}

int main(void)
{
    put_str("datapage\n");
    show("mix", mix(4000));
    show("again", mix(1000));
    return 0;
}
