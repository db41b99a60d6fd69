/* registry.h - every kernel, by name (registry.c).  The harness finds
 * kernels here; kernels themselves need only kernel.h. */
#ifndef GILBENCH_REGISTRY_H
#define GILBENCH_REGISTRY_H

#include <stddef.h>

#include "kernel.h"

extern const struct kernel *const kernel_table[];
extern const size_t kernel_count;

const struct kernel *kernel_find(const char *name);
const char *kernel_kind_name(enum kernel_kind kind);
/* Formats the kernel's answer: a decimal count, or the sum with 17
 * significant digits (enough to round-trip a double). */
void kernel_format_checksum(const struct kernel *k, const struct partial *p,
                            char *buf, size_t len);

#endif
