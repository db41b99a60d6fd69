/* sha256sum_format.h - the line format of coreutils' sha256sum, both ways.
 *
 *   <64 lowercase hex digits><space><space><name>
 *
 * A name holding a backslash, a newline or a carriage return would break
 * that format, so sha256sum (coreutils 9) then starts the line with a
 * backslash and writes those characters as \\, \n and \r.  `sha256sum -c`
 * accepts "<hex> <space-or-*><name>", the '*' marking binary mode, which
 * means nothing on POSIX systems.  gilbench writes and reads exactly that,
 * so each tool verifies the other's lists. */
#ifndef GILBENCH_SHA256SUM_FORMAT_H
#define GILBENCH_SHA256SUM_FORMAT_H

#include <stddef.h>
#include <stdio.h>

enum { SHA256_BYTES = 32 };

/* Writes one line: the digest, two spaces, the (escaped) name, '\n'. */
void sha256sum_print(FILE *fp, const unsigned char digest[SHA256_BYTES], const char *name);
/* Writes `name` as sha256sum -c names files in its reports: escaped, with
 * a leading backslash, only when it holds a newline. */
void sha256sum_print_name(FILE *fp, const char *name);

/* Parses one line of a list (without its '\n').  On success returns 0,
 * fills digest and a malloc'd, unescaped *name.  Returns -1 when the line
 * is not in the format (or on ENOMEM, with *name NULL and errno set). */
int sha256sum_parse(const char *line, unsigned char digest[SHA256_BYTES], char **name);

#endif
