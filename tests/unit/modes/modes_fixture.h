/* modes_fixture.h - what the mode tests share (test_modes_*.c): a small
 * size per kernel, so the suites also run quickly under ASan and TSan, and
 * the check that every child was reaped. */
#ifndef GILBENCH_TEST_MODES_FIXTURE_H
#define GILBENCH_TEST_MODES_FIXTURE_H

#include <stdint.h>

#include "kernel.h"

/* Items for a test run of kernel k: milliseconds, even sanitized. */
uint64_t test_items(const struct kernel *k);
/* Fails the test unless this process has no child left, zombie or not. */
void assert_no_unreaped_children(void);

#endif
