/* Reads the console line by line until end of file (stdin through semihosting) and echoes it. */
#include <ctype.h>
#include <stdio.h>

int main(void) {
    char line[64];
    int n = 0;
    while (fgets(line, sizeof line, stdin) != NULL) {
        for (char *p = line; *p; p++) *p = (char)toupper((unsigned char)*p);
        printf("%d: %s", ++n, line);
    }
    printf("%d lines, then end of file\n", n);
    return n;
}
