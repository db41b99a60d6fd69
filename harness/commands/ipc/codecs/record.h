/* record.h - the structured object the serialisation experiment sends: a
 * few numbers, strings, and a nested list, as a typical pickled message
 * (a dict with an id, a score, a name, tags and rows of integers). */
#ifndef GILBENCH_IPC_RECORD_H
#define GILBENCH_IPC_RECORD_H

#include <stddef.h>
#include <stdint.h>

enum { RECORD_ROW_LEN = 4 };   /* integers per inner list */

struct record {
    uint64_t id;
    double score;
    char *name;
    size_t ntags;
    char **tags;
    size_t nrows;
    int64_t (*rows)[RECORD_ROW_LEN];
};

/* A record with `elements` tags and `elements` rows, deterministic in
 * `elements`.  Returns 0, or -1 (out of memory, nothing allocated). */
int record_build(struct record *r, size_t elements);
/* An empty record that record_free accepts, for decoders to fill. */
void record_init(struct record *r);
int record_equal(const struct record *a, const struct record *b);
void record_free(struct record *r);

/* A growing byte buffer, what encoders write into. */
struct bytes {
    char *p;
    size_t len, cap;
};
int bytes_put(struct bytes *b, const void *data, size_t n);
void bytes_free(struct bytes *b);

/* The two encodings (codec_binary.c, codec_text.c): encode appends to
 * `out` (reset to empty first) and returns 0 or -1; decode fills `r`
 * (record_init'ed) and returns 0, or -1 on malformed input. */
int codec_binary_encode(const struct record *r, struct bytes *out);
int codec_binary_decode(const char *in, size_t len, struct record *r);
int codec_text_encode(const struct record *r, struct bytes *out);
int codec_text_decode(const char *in, size_t len, struct record *r);

#endif
