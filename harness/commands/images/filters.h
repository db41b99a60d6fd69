/* filters.h - the tutorials' four photo filters, in place on RGB. */
#ifndef GILBENCH_FILTERS_H
#define GILBENCH_FILTERS_H

#include "commands/images/image.h"

enum filter { FILTER_NONE, FILTER_GRAYSCALE, FILTER_BLUR, FILTER_SHARPEN, FILTER_SEPIA };

/* "grayscale" -> FILTER_GRAYSCALE, ...; -1 for an unknown name. */
int filter_parse(const char *name);
const char *filter_name(enum filter f);

/* Returns 0, or -1 with `error` filled (out of memory). */
int filter_apply(struct image *im, enum filter f, struct worker_ctx *ctx, char *error);

#endif
