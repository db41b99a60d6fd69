/* serialise.c - encode and decode a record of growing size in each
 * format, the two timed together by lib/measurement/timing (two configurations,
 * measured in alternating rounds); the decoded record must equal the
 * original (intact), or the numbers mean nothing. */
#include "commands/ipc/serialise.h"

#include <string.h>

#include "commands/ipc/codecs/record.h"
#include "lib/measurement/clock.h"
#include "lib/measurement/timing.h"

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

enum { CODEC_ENCODE = 0, CODEC_DECODE = 1 };

/* One lib/measurement/timing run: call->iterations encodings (configuration 0) or
 * decodings (configuration 1) of the same record. */
static int codec_run(void *arg, const struct timing_call *call, double *values)
{
    struct codec_run *c = arg;
    double t0 = clock_now();

    for (uint64_t i = 0; i < call->iterations; i++) {
        if (call->config == CODEC_ENCODE) {
            if (c->codec->encode(c->rec, c->buf) != 0)
                return TIMING_FAILED;
            continue;
        }
        struct record r;
        record_init(&r);
        int rc = c->codec->decode(c->buf->p, c->buf->len, &r);
        record_free(&r);
        if (rc != 0)
            return TIMING_FAILED;
    }
    values[0] = clock_now() - t0;
    return TIMING_OK;
}

int serialise_measure(const char *format, size_t elements, const struct ipc_params *p,
                      struct serialise_row *row, char *why, size_t len)
{
    const struct codec *codec = NULL;
    struct record rec, back;
    struct bytes buf = {0};
    struct timing_config t[2];
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
    struct timing_spec spec = {.nconfigs = 2, .nvalues = 1, .warmup = 1, .reps = p->batches,
                               .min_run_s = p->enough_s, .run = codec_run, .arg = &run};
    int trc = timing_loop(&spec, t);
    if (trc != TIMING_OK) {
        snprintf(why, len, "serialise %s, %zu elements: %s", format, elements,
                 trc == TIMING_INTERRUPTED ? "interrupted" : "encoding or decoding failed");
        goto out;
    }
    row->iterations = t[CODEC_ENCODE].iterations;
    row->encode_us = t[CODEC_ENCODE].value[0].median / (double)t[CODEC_ENCODE].iterations * 1e6;
    row->decode_us = t[CODEC_DECODE].value[0].median / (double)t[CODEC_DECODE].iterations * 1e6;
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
