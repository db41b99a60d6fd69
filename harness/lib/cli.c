/* cli.c - checking command-line values, for every subcommand.
 *
 * Numbers are parsed strictly: no sign, no spaces, no trailing characters,
 * no silent wrap-around on overflow.  Paths we will write are checked
 * before anything is measured: finding out after a two-minute sweep would
 * lose the measurements.  Every failure is one line on stderr naming the
 * option, then exit status 2. */
#include "lib/cli.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The program every message names: set once, before any option is parsed,
 * by a program other than gilbench that shares these checks (gilbench-mpi). */
static const char *program = "gilbench";

void cli_set_program(const char *name)
{
    program = name;
}

void usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s %s: ", program, command);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see '%s %s --help')\n", program, command);
    exit(EXIT_USAGE);
}

int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
    char *end;
    unsigned long long v;

    if (s == NULL || *s < '0' || *s > '9')
        return -1; /* empty, signed, or spaced */
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int parse_seconds(const char *s, double min, double max, double *out)
{
    char *end;
    double v;

    /* Decimal only: strtod would also take hex ("0x1p-3"), "inf" and "nan". */
    if (s == NULL || ((*s < '0' || *s > '9') && *s != '.') || strpbrk(s, "xXpP") != NULL)
        return -1;
    errno = 0;
    v = strtod(s, &end);
    if (errno != 0 || *end != '\0' || !isfinite(v) || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

uint64_t cli_whole_number(const char *command, const char *opt, const char *arg, uint64_t min,
                          uint64_t max)
{
    uint64_t v;

    if (parse_u64(arg, min, max, &v) != 0)
        usage_error(command, "%s: expected a whole number from %llu to %llu, got '%s'", opt,
                    (unsigned long long)min, (unsigned long long)max, arg);
    return v;
}

/* getopt_long leaves the offending word at argv[optind - 1], except for
 * an unknown letter inside a cluster ("-xq"), which only optopt names.  A
 * long option given a value it does not take ("--pin=1") sets optopt to
 * its code, which is no character. */
void cli_getopt_failed(const char *command, int c, char **argv)
{
    if (c == ':')
        usage_error(command, "option '%s' needs a value", argv[optind - 1]);
    if (optopt != 0 && optopt < 256)
        usage_error(command, "unknown option '-%c'", optopt);
    usage_error(command, "unknown option '%s'", argv[optind - 1]);
}

void cli_no_operands(const char *command, int argc, char **argv)
{
    if (optind < argc)
        usage_error(command, "unexpected argument '%s'", argv[optind]);
}

/* Checked whole before anything is cut, so on failure `s` is untouched and
 * can still be quoted in the message. */
int split_list(char *s, char **parts, int max)
{
    int n = 1;

    for (const char *p = s; *p != '\0'; p++) {
        if (*p == ',' && (p == s || p[1] == ',' || p[1] == '\0'))
            return -1; /* an empty element */
        n += *p == ',';
    }
    if (s[0] == '\0' || n > max)
        return -1;
    n = 0;
    for (char *p = s; p != NULL; n++) {
        parts[n] = p;
        p = strchr(p, ',');
        if (p != NULL)
            *p++ = '\0';
    }
    return n;
}

int cli_first_duplicate(const void *items, size_t n, size_t size)
{
    const unsigned char *p = items;

    for (size_t i = 1; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (memcmp(p + i * size, p + j * size, size) == 0)
                return (int)i;
    return -1;
}

void cli_argv_line(char *buf, size_t len, int argc, char *const *argv)
{
    size_t used = 0;

    if (len == 0)
        return;
    buf[0] = '\0';
    for (int i = 0; i < argc && used < len - 1; i++) {
        int n = snprintf(buf + used, len - used, "%s%s", i ? " " : "", argv[i]);
        if (n < 0)
            break;
        used += (size_t)n < len - used ? (size_t)n : len - 1 - used;
    }
}

/* Seconds as a person writes them: 0.000001, 0.00001, 1 (never 1e-06). */
static void format_seconds(double v, char *buf, size_t len)
{
    size_t n;

    snprintf(buf, len, "%.6f", v);
    n = strlen(buf);
    while (n > 1 && buf[n - 1] == '0')
        buf[--n] = '\0';
    if (n > 1 && buf[n - 1] == '.')
        buf[--n] = '\0';
}

size_t cli_parse_seconds_list(const char *command, const char *opt, char *arg, double min,
                              double max, double *out, size_t maxn)
{
    char *parts[CLI_MAX_LIST], lo[32], hi[32];
    int n = split_list(arg, parts, maxn < CLI_MAX_LIST ? (int)maxn : CLI_MAX_LIST), dup;

    format_seconds(min, lo, sizeof lo);
    format_seconds(max, hi, sizeof hi);
    if (n < 0)
        usage_error(command, "%s: expected up to %zu comma-separated seconds from %s to %s, got '%s'",
                    opt, maxn, lo, hi, arg);
    for (int i = 0; i < n; i++)
        if (parse_seconds(parts[i], min, max, &out[i]) != 0)
            usage_error(command, "%s: expected seconds from %s to %s, got '%s'", opt, lo, hi, parts[i]);
    if ((dup = cli_first_duplicate(out, (size_t)n, sizeof out[0])) >= 0)
        usage_error(command, "%s: %s is listed twice", opt, parts[dup]);
    return (size_t)n;
}

uint32_t cli_parse_name_set(const char *command, const char *opt, char *arg, const struct cli_names *t)
{
    size_t index[CLI_MAX_LIST], n = cli_parse_names(command, opt, arg, t, index, t->count);
    uint32_t set = 0;

    for (size_t i = 0; i < n; i++)
        set |= UINT32_C(1) << index[i];
    return set;
}

void cli_names_list(const struct cli_names *t, char *buf, size_t len)
{
    buf[0] = '\0';
    for (size_t i = 0; i < t->count; i++)
        snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? ", " : "", t->name_of(i));
}

size_t cli_parse_names(const char *command, const char *opt, char *arg, const struct cli_names *t,
                       size_t *index, size_t max)
{
    char *parts[CLI_MAX_LIST], names[1024];
    int n = split_list(arg, parts, max < CLI_MAX_LIST ? (int)max : CLI_MAX_LIST), dup;

    cli_names_list(t, names, sizeof names);
    if (n < 0)
        usage_error(command, "%s: expected a comma-separated list of up to %zu %ss (%s), got '%s'",
                    opt, max, t->what, names, arg);
    for (int i = 0; i < n; i++) {
        for (index[i] = 0; index[i] < t->count; index[i]++)
            if (strcmp(parts[i], t->name_of(index[i])) == 0)
                break;
        if (index[i] == t->count)
            usage_error(command, "%s: unknown %s '%s'; expected one of %s", opt, t->what, parts[i],
                        names);
    }
    if ((dup = cli_first_duplicate(index, (size_t)n, sizeof index[0])) >= 0)
        usage_error(command, "%s: '%s' is listed twice", opt, parts[dup]);
    return (size_t)n;
}

void cli_parse_begin(char *argv_line, size_t len, int argc, char *const *argv)
{
    cli_argv_line(argv_line, len, argc, argv);
    opterr = 0;
    optind = 1;
}

/* The output directory must be writable before a single repetition runs:
 * finding out after a two-minute sweep would lose the measurements. */
void check_out_dir(const char *command, const char *dir)
{
    struct stat st;

    if (dir[0] == '\0')
        usage_error(command, "--out: expected a directory path, got ''");
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            usage_error(command, "--out: '%s' exists and is not a directory", dir);
        if (access(dir, W_OK | X_OK) != 0)
            usage_error(command, "--out: cannot write to '%s': %s", dir, strerror(errno));
        return;
    }
    if (errno != ENOENT)
        usage_error(command, "--out: cannot use '%s': %s", dir, strerror(errno));
    /* It will be created: its parent must exist and be writable.  The
     * parent of "a/b/" is "a", not "a/b". */
    char parent[4096];
    snprintf(parent, sizeof parent, "%s", dir);
    size_t len = strlen(parent);
    while (len > 1 && parent[len - 1] == '/')
        parent[--len] = '\0';
    char *slash = strrchr(parent, '/');
    if (slash == NULL)
        snprintf(parent, sizeof parent, ".");
    else if (slash == parent)
        parent[1] = '\0';
    else
        *slash = '\0';
    if (access(parent, W_OK | X_OK) != 0)
        usage_error(command, "--out: cannot create '%s': %s", dir, strerror(errno));
}

/* A file we will create: an existing one must be a writable file, a new
 * one needs a writable directory. */
void check_file_writable(const char *command, const char *opt, const char *path)
{
    struct stat st;
    char dir[4096];
    const char *slash = strrchr(path, '/');

    if (path[0] == '\0')
        usage_error(command, "%s: expected a file path, got ''", opt);
    if (stat(path, &st) == 0) {
        if (!S_ISREG(st.st_mode))
            usage_error(command, "%s: '%s' exists and is not a regular file", opt, path);
    }
    if (slash == NULL)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    if (access(dir, W_OK | X_OK) != 0)
        usage_error(command, "%s: cannot write '%s': %s", opt, path, strerror(errno));
}
