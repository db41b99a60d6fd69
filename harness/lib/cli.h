/* cli.h - checking command-line values, shared by every subcommand. */
#ifndef GILBENCH_CLI_H
#define GILBENCH_CLI_H

#include <stddef.h>
#include <stdint.h>

/* Exit statuses, shared by every subcommand. */
enum { EXIT_RUN_FAILED = 1, EXIT_USAGE = 2 };

/* The most items a comma-separated list on the command line may hold. */
enum { CLI_MAX_LIST = 32 };

/* The program the messages name, "gilbench" unless set (gilbench-mpi sets
 * its own name first thing in main, before any option is parsed). */
void cli_set_program(const char *name);

/* One line on stderr naming the problem, "PROGRAM COMMAND: ... (see
 * 'PROGRAM COMMAND --help')", then exit(EXIT_USAGE). */
void usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* Strict parsers: return 0 with *out set, or -1. */
int parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);
int parse_seconds(const char *s, double min, double max, double *out);

/* An option's whole-number value in [min, max], or exit(EXIT_USAGE) after
 * "OPT: expected a whole number from MIN to MAX, got 'ARG'". */
uint64_t cli_whole_number(const char *command, const char *opt, const char *arg, uint64_t min,
                          uint64_t max);

/* What getopt_long returned ':' (a value missing) or '?' (an unknown
 * option) for: one line naming the option, exit(EXIT_USAGE). */
void cli_getopt_failed(const char *command, int c, char **argv) __attribute__((noreturn));

/* Exit with EXIT_USAGE when anything is left after the options. */
void cli_no_operands(const char *command, int argc, char **argv);

/* Splits a comma-separated list in place into parts[0..n); returns n, or
 * -1 when an element is empty or there are more than `max`.  The one list
 * parser: every option taking a list (--kernel, --modes, --parent-mib,
 * --durations, ...) splits with it. */
int split_list(char *s, char **parts, int max);

/* Parses a comma-separated list of seconds, each in [min, max], into
 * out[0..n), n <= maxn, and returns n.  An empty element, too many, a bad
 * value or one listed twice: one line naming `opt`, exit(EXIT_USAGE).
 * `arg` is modified. */
size_t cli_parse_seconds_list(const char *command, const char *opt, char *arg, double min,
                              double max, double *out, size_t maxn);

/* A table of things the command line names: kernels, modes, mechanisms. */
struct cli_names {
    const char *what;                  /* "kernel", for messages */
    size_t count;
    const char *(*name_of)(size_t i);  /* the i-th thing's name */
};

/* Parses a comma-separated list of names from table `t` into their
 * indices index[0..n), n <= max, and returns n.  An empty element, too
 * many, an unknown name (the message lists the known ones) or one listed
 * twice: one line naming `opt`, exit(EXIT_USAGE).  `arg` is modified. */
size_t cli_parse_names(const char *command, const char *opt, char *arg, const struct cli_names *t,
                       size_t *index, size_t max);

/* The same list as a set: bit i stands for the i-th name of `t` (which
 * holds at most 32 names), for options such as --experiments that choose
 * which parts of a command run. */
uint32_t cli_parse_name_set(const char *command, const char *opt, char *arg, const struct cli_names *t);

/* The names of table `t`, "a, b, c", into buf (cut at len - 1 bytes). */
void cli_names_list(const struct cli_names *t, char *buf, size_t len);

/* The index of the first of items[0..n) (each `size` bytes) equal to an
 * earlier one, or -1 when all differ: "X is listed twice". */
int cli_first_duplicate(const void *items, size_t n, size_t size);

/* What every subcommand's parser does first: records the command line in
 * argv_line (cli_argv_line) and resets getopt_long for a fresh argv, with
 * its own messages off (cli_getopt_failed writes ours). */
void cli_parse_begin(char *argv_line, size_t len, int argc, char *const *argv);

/* argv[0..argc) joined by spaces into buf (cut at len - 1 bytes): the
 * command line the meta file records. */
void cli_argv_line(char *buf, size_t len, int argc, char *const *argv);

/* Exit with EXIT_USAGE unless `dir` is, or can be created as, a writable
 * directory (check_out_dir), or `path` can be written as a file. */
void check_out_dir(const char *command, const char *dir);
void check_file_writable(const char *command, const char *opt, const char *path);

#endif
