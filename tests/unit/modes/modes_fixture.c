/* modes_fixture.c - test sizes and the reaped-children check shared by
 * the mode tests (modes_fixture.h). */
#include "modes_fixture.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>
#include <sys/wait.h>

uint64_t test_items(const struct kernel *k)
{
    static const struct { const char *name; uint64_t items; } sizes[] = {
        {"primes", 20000}, {"sumsq", 1000000}, {"sqrtsum", 1000000}, {"pi", 500000},
        {"mandelbrot", 48}, {"sleep", 20}, {"triad", 300000},
    };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        if (strcmp(sizes[i].name, k->name) == 0)
            return sizes[i].items;
    return k->quick_items / 100 + 16;
}

void assert_no_unreaped_children(void)
{
    int status;
    errno = 0;
    assert_int_equal(waitpid(-1, &status, WNOHANG), -1);
    assert_int_equal(errno, ECHILD);
}
