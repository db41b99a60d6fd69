/* codec_binary.c - a compact binary encoding, in the spirit of pickle's
 * binary protocols and msgpack: integers as zigzag varints (small ones
 * take a byte), the double as its 8 raw bytes, strings and lists as a
 * length and their contents.  No field names: the schema is implied. */
#include "commands/ipc/codecs/record.h"

#include <stdlib.h>
#include <string.h>

static int put_varint(struct bytes *b, uint64_t v)
{
    unsigned char buf[10];
    size_t n = 0;

    do {
        buf[n] = (unsigned char)(v & 0x7f);
        v >>= 7;
        if (v)
            buf[n] |= 0x80;
        n++;
    } while (v);
    return bytes_put(b, buf, n);
}

static uint64_t zigzag(int64_t v)
{
    return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static int put_string(struct bytes *b, const char *s)
{
    size_t n = strlen(s);
    return put_varint(b, n) || bytes_put(b, s, n);
}

int codec_binary_encode(const struct record *r, struct bytes *out)
{
    out->len = 0;
    if (put_varint(out, r->id) || bytes_put(out, &r->score, sizeof r->score) ||
        put_string(out, r->name) || put_varint(out, r->ntags))
        return -1;
    for (size_t i = 0; i < r->ntags; i++)
        if (put_string(out, r->tags[i]))
            return -1;
    if (put_varint(out, r->nrows))
        return -1;
    for (size_t i = 0; i < r->nrows; i++)
        for (int j = 0; j < RECORD_ROW_LEN; j++)
            if (put_varint(out, zigzag(r->rows[i][j])))
                return -1;
    return 0;
}

struct reader {
    const unsigned char *p, *end;
};

static int get_varint(struct reader *rd, uint64_t *v)
{
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (rd->p >= rd->end)
            return -1;
        unsigned char c = *rd->p++;
        *v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80))
            return 0;
    }
    return -1;
}

static int get_string(struct reader *rd, char **s)
{
    uint64_t n;

    if (get_varint(rd, &n) || n > (uint64_t)(rd->end - rd->p) || (*s = malloc(n + 1)) == NULL)
        return -1;
    memcpy(*s, rd->p, n);
    (*s)[n] = '\0';
    rd->p += n;
    return 0;
}

int codec_binary_decode(const char *in, size_t len, struct record *r)
{
    struct reader rd = {(const unsigned char *)in, (const unsigned char *)in + len};
    uint64_t n, z;

    if (get_varint(&rd, &r->id) || rd.end - rd.p < (ptrdiff_t)sizeof r->score)
        return -1;
    memcpy(&r->score, rd.p, sizeof r->score);
    rd.p += sizeof r->score;
    /* Every count is bounded by the bytes left, so garbage cannot make us
     * allocate gigabytes. */
    if (get_string(&rd, &r->name) || get_varint(&rd, &n) || n > (uint64_t)(rd.end - rd.p) ||
        (r->tags = calloc(n ? n : 1, sizeof *r->tags)) == NULL)
        return -1;
    for (; r->ntags < n; r->ntags++)
        if (get_string(&rd, &r->tags[r->ntags]))
            return -1;
    if (get_varint(&rd, &n) || n > (uint64_t)(rd.end - rd.p) ||
        (r->rows = calloc(n ? n : 1, sizeof *r->rows)) == NULL)
        return -1;
    r->nrows = n;
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < RECORD_ROW_LEN; j++) {
            if (get_varint(&rd, &z))
                return -1;
            r->rows[i][j] = (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
        }
    return rd.p == rd.end ? 0 : -1;
}
