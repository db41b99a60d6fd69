/* serialise.c - encode and decode a record of growing size in each
 * format, each timed with batch_timing; the decoded record must equal the
 * original (intact), or the numbers mean nothing. */
#include "commands/ipc/serialise.h"

#include <string.h>

#include "commands/ipc/batch_timing.h"
#include "commands/ipc/record.h"

struct codec {
    const char *name;
    int (*encode)(const struct record *r, struct bytes *out);
    int (*decode)(const char *in, size_t len, struct record *r);
};

static const struct codec codecs[] = {
    {"binary", codec_binary_encode, codec_binary_decode},
    {"text", codec_text_encode, codec_text_decode},
};

struct codec_run {
    const struct codec *codec;
    const struct record *rec;
    struct bytes *buf;
};

static int encode_n(void *arg, uint64_t n)
{
    struct codec_run *c = arg;
    for (uint64_t i = 0; i < n; i++)
        if (c->codec->encode(c->rec, c->buf) != 0)
            return -1;
    return 0;
}

static int decode_n(void *arg, uint64_t n)
{
    struct codec_run *c = arg;
    for (uint64_t i = 0; i < n; i++) {
        struct record r;
        record_init(&r);
        int rc = c->codec->decode(c->buf->p, c->buf->len, &r);
        record_free(&r);
        if (rc != 0)
            return -1;
    }
    return 0;
}

int serialise_measure(const char *format, size_t elements, const struct ipc_params *p,
                      struct serialise_row *row, char *why, size_t len)
{
    const struct codec *codec = NULL;
    struct record rec, back;
    struct bytes buf = {0};
    struct batch_result enc, dec;
    int rc = -1;

    for (size_t i = 0; i < sizeof codecs / sizeof codecs[0]; i++)
        if (strcmp(codecs[i].name, format) == 0)
            codec = &codecs[i];
    memset(row, 0, sizeof *row);
    if (codec == NULL || record_build(&rec, elements) != 0) {
        snprintf(why, len, "serialise %s: %s", format, codec ? "out of memory" : "no such format");
        return -1;
    }
    row->format = codec->name;
    row->elements = elements;
    record_init(&back);
    if (codec->encode(&rec, &buf) != 0 || codec->decode(buf.p, buf.len, &back) != 0) {
        snprintf(why, len, "serialise %s, %zu elements: the record does not decode", format, elements);
        goto out;
    }
    row->intact = record_equal(&rec, &back);
    /* The text encoder stores a terminating NUL for the parser; not sent. */
    row->bytes = buf.len - (strcmp(format, "text") == 0);
    struct codec_run run = {codec, &rec, &buf};
    if (batch_time(encode_n, &run, p->enough_s, p->batches, &enc) != 0 ||
        batch_time(decode_n, &run, p->enough_s, p->batches, &dec) != 0) {
        snprintf(why, len, "serialise %s, %zu elements: encoding failed", format, elements);
        goto out;
    }
    row->iterations = enc.iterations;
    row->encode_us = enc.median_s * 1e6;
    row->decode_us = dec.median_s * 1e6;
    rc = row->intact ? 0 : -1;
    if (!row->intact)
        snprintf(why, len, "serialise %s, %zu elements: the decoded record differs", format, elements);
out:
    record_free(&back);
    record_free(&rec);
    bytes_free(&buf);
    return rc;
}

void serialise_csv_header(FILE *fp)
{
    fputs("format,elements,bytes,iterations,encode_us,decode_us,roundtrip_us,intact\n", fp);
}

void serialise_csv_row(FILE *fp, const struct serialise_row *r)
{
    fprintf(fp, "%s,%zu,%zu,%llu,%.3f,%.3f,%.3f,%d\n", r->format, r->elements, r->bytes,
            (unsigned long long)r->iterations, r->encode_us, r->decode_us, r->encode_us + r->decode_us,
            r->intact);
}
