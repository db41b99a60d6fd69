/* sha256sum_format.c - see sha256sum_format.h. */
#include "commands/hash/sha256sum_format.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int needs_escape(const char *name)
{
    return strpbrk(name, "\\\n\r") != NULL;
}

static void print_escaped(FILE *fp, const char *name)
{
    for (const char *p = name; *p; p++) {
        if (*p == '\\')
            fputs("\\\\", fp);
        else if (*p == '\n')
            fputs("\\n", fp);
        else if (*p == '\r')
            fputs("\\r", fp);
        else
            fputc(*p, fp);
    }
}

void sha256sum_print(FILE *fp, const unsigned char digest[SHA256_BYTES], const char *name)
{
    if (needs_escape(name))
        fputc('\\', fp);
    for (int i = 0; i < SHA256_BYTES; i++)
        fprintf(fp, "%02x", digest[i]);
    fputs("  ", fp);
    print_escaped(fp, name);
    fputc('\n', fp);
}

void sha256sum_print_name(FILE *fp, const char *name)
{
    /* `sha256sum -c` (coreutils 9.1) escapes a reported name only when it
     * holds a newline: not for a backslash or a carriage return alone. */
    if (strchr(name, '\n') == NULL) {
        fputs(name, fp);
        return;
    }
    fputc('\\', fp);
    print_escaped(fp, name);
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Undoes the escapes in place; -1 for a backslash before anything else. */
static int unescape(char *s)
{
    char *w = s;

    for (const char *r = s; *r; r++) {
        if (*r != '\\') {
            *w++ = *r;
            continue;
        }
        r++;
        if (*r == '\\')
            *w++ = '\\';
        else if (*r == 'n')
            *w++ = '\n';
        else if (*r == 'r')
            *w++ = '\r';
        else
            return -1;
    }
    *w = '\0';
    return 0;
}

int sha256sum_parse(const char *line, unsigned char digest[SHA256_BYTES], char **name)
{
    int escaped = 0;

    *name = NULL;
    if (*line == '\\') {
        escaped = 1;
        line++;
    }
    for (int i = 0; i < SHA256_BYTES; i++) {
        int hi = hex_value(line[2 * i]), lo = hi < 0 ? -1 : hex_value(line[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        digest[i] = (unsigned char)(hi << 4 | lo);
    }
    line += 2 * SHA256_BYTES;
    if (line[0] != ' ' || (line[1] != ' ' && line[1] != '*') || line[2] == '\0')
        return -1;
    *name = strdup(line + 2);
    if (*name == NULL)
        return -1;
    if (escaped && unescape(*name) != 0) {
        free(*name);
        *name = NULL;
        errno = EINVAL;
        return -1;
    }
    return 0;
}
