/* serialise.h - what turning a record into bytes and back costs, in a
 * compact binary form and in text: what pickling adds to a channel. */
#ifndef GILBENCH_IPC_SERIALISE_H
#define GILBENCH_IPC_SERIALISE_H

#include <stdio.h>

#include "commands/ipc/ipc.h"

struct serialise_row {
    const char *format;     /* binary, text */
    size_t elements;        /* tags and rows in the record */
    size_t bytes;           /* encoded size */
    uint64_t iterations;
    double encode_us, decode_us;   /* medians */
    int intact;             /* decode(encode(r)) == r */
};

int serialise_measure(const char *format, size_t elements, const struct ipc_params *p,
                      struct serialise_row *row, char *why, size_t len);
void serialise_csv_header(FILE *fp);
void serialise_csv_row(FILE *fp, const struct serialise_row *r);

#endif
