/* Print "N<TAB>strerror(N)" for every errno number the C library knows, in the C locale.
 * Compiled with gcc (glibc) and musl-gcc (musl) by scripts/errno/extract.ts. */
#include <stdio.h>
#include <string.h>

int main(void) {
  for (int n = 1; n <= 200; n++) printf("%d\t%s\n", n, strerror(n));
  return 0;
}
