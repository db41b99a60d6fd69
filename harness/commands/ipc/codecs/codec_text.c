/* codec_text.c - the same record as JSON text, what json.dumps/loads (or
 * a text protocol) would send: field names spelled out, numbers in
 * decimal, strings quoted and escaped.  The double is printed with 17
 * significant digits, the fewest that always read back to the same bits.
 * The parser reads exactly what the encoder writes (this schema, keys in
 * this order) and rejects anything else. */
#include "commands/ipc/codecs/record.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int put_str(struct bytes *b, const char *s)
{
    return bytes_put(b, s, strlen(s));
}

static int put_quoted(struct bytes *b, const char *s)
{
    if (bytes_put(b, "\"", 1))
        return -1;
    for (; *s; s++) {
        if ((*s == '"' || *s == '\\') && bytes_put(b, "\\", 1))
            return -1;
        if (bytes_put(b, s, 1))
            return -1;
    }
    return bytes_put(b, "\"", 1);
}

int codec_text_encode(const struct record *r, struct bytes *out)
{
    char num[64];

    out->len = 0;
    snprintf(num, sizeof num, "{\"id\":%" PRIu64 ",\"score\":%.17g,\"name\":", r->id, r->score);
    if (put_str(out, num) || put_quoted(out, r->name) || put_str(out, ",\"tags\":["))
        return -1;
    for (size_t i = 0; i < r->ntags; i++)
        if ((i && put_str(out, ",")) || put_quoted(out, r->tags[i]))
            return -1;
    if (put_str(out, "],\"rows\":["))
        return -1;
    for (size_t i = 0; i < r->nrows; i++) {
        snprintf(num, sizeof num, "%s[%" PRId64 ",%" PRId64 ",%" PRId64 ",%" PRId64 "]", i ? "," : "",
                 r->rows[i][0], r->rows[i][1], r->rows[i][2], r->rows[i][3]);
        if (put_str(out, num))
            return -1;
    }
    return bytes_put(out, "]}", 3); /* with the NUL: strtod needs a terminator */
}

struct cursor {
    const char *p, *end;
};

static int expect(struct cursor *c, const char *lit)
{
    size_t n = strlen(lit);
    if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n) != 0)
        return -1;
    c->p += n;
    return 0;
}

static int get_quoted(struct cursor *c, char **s)
{
    const char *q;
    size_t n = 0;
    char *out;

    if (expect(c, "\""))
        return -1;
    /* Find the closing quote first: the unescaped string is no longer than
     * the text between. */
    for (q = c->p; q < c->end && *q != '"'; q++)
        if (*q == '\\' && ++q == c->end)
            return -1;
    if ((out = malloc((size_t)(q - c->p) + 1)) == NULL)
        return -1;
    while (c->p < q) {
        if (*c->p == '\\')
            c->p++;
        out[n++] = *c->p++;
    }
    out[n] = '\0';
    *s = out;
    return expect(c, "\"");
}

static int get_int(struct cursor *c, int64_t *v)
{
    char *end;
    errno = 0;
    long long x = strtoll(c->p, &end, 10);
    if (end == c->p || end > c->end || errno != 0)
        return -1;
    *v = x;
    c->p = end;
    return 0;
}

/* Counts the elements of the list at c->p without parsing it, so the
 * array is allocated once, as a real decoder's list would be grown. */
static size_t count_items(const char *p, const char *end, char open, char close)
{
    size_t n = 0;
    int depth = 0, in_str = 0;

    for (; p < end; p++) {
        if (in_str) {
            if (*p == '\\')
                p++;
            else if (*p == '"')
                in_str = 0;
            continue;
        }
        if (*p == '"')
            in_str = 1;
        else if (*p == open && ++depth == 1 && p[1] != close)
            n = 1;
        else if (*p == open)
            ;
        else if (*p == close && --depth == 0)
            return n;
        else if (*p == ',' && depth == 1)
            n++;
    }
    return n;
}

int codec_text_decode(const char *in, size_t len, struct record *r)
{
    struct cursor c = {in, in + len};
    char *end;
    int64_t v;
    size_t n;

    if (len == 0 || in[len - 1] != '\0' || expect(&c, "{\"id\":") || get_int(&c, &v) ||
        expect(&c, ",\"score\":"))
        return -1;
    r->id = (uint64_t)v;
    r->score = strtod(c.p, &end);
    if (end == c.p)
        return -1;
    c.p = end;
    if (expect(&c, ",\"name\":") || get_quoted(&c, &r->name) || expect(&c, ",\"tags\":"))
        return -1;
    n = count_items(c.p, c.end, '[', ']');
    if ((r->tags = calloc(n ? n : 1, sizeof *r->tags)) == NULL || expect(&c, "["))
        return -1;
    for (; r->ntags < n; r->ntags++)
        if ((r->ntags && expect(&c, ",")) || get_quoted(&c, &r->tags[r->ntags]))
            return -1;
    if (expect(&c, "],\"rows\":"))
        return -1;
    n = count_items(c.p, c.end, '[', ']');
    if ((r->rows = calloc(n ? n : 1, sizeof *r->rows)) == NULL || expect(&c, "["))
        return -1;
    r->nrows = n;
    for (size_t i = 0; i < n; i++) {
        if ((i && expect(&c, ",")) || expect(&c, "["))
            return -1;
        for (int j = 0; j < RECORD_ROW_LEN; j++)
            if ((j && expect(&c, ",")) || get_int(&c, &r->rows[i][j]))
                return -1;
        if (expect(&c, "]"))
            return -1;
    }
    return expect(&c, "]}") || c.p + 1 != c.end ? -1 : 0;
}
