/* test_results.c - statistics, speedups and the files a run writes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/atomic_file.h"
#include "lib/cli.h"
#include "lib/results.h"
#include "lib/stats.h"
#include "registry.h"

static struct rep_row row_of(const char *kernel, const char *mode, uint32_t workers, double wall)
{
    struct rep_row r;

    memset(&r, 0, sizeof r);
    r.kernel = kernel_find(kernel);
    r.mode = mode_find(mode);
    r.workers = workers;
    r.items = 1000;
    r.tasks = 10;
    r.wall_s = wall;
    r.switch_interval_s = 0.005;
    snprintf(r.checksum, sizeof r.checksum, "168");
    return r;
}

/* Speedups come only from seq of the same kernel and size in this run. */
static void test_summary_speedups(void **unused)
{
    struct results r;
    struct summary_row *sum;
    const double seq_walls[] = {1.0, 1.2, 0.9}, thr_walls[] = {0.5, 0.55, 0.6};
    (void)unused;

    memset(&r, 0, sizeof r);
    for (int i = 0; i < 3; i++) {
        struct rep_row a = row_of("primes", "seq", 1, seq_walls[i]);
        struct rep_row b = row_of("primes", "threads", 2, thr_walls[i]);
        struct rep_row c = row_of("sumsq", "threads", 2, 0.25);
        assert_int_equal(results_add(&r, &a), 0);
        assert_int_equal(results_add(&r, &b), 0);
        assert_int_equal(results_add(&r, &c), 0);
    }
    size_t n = results_summarize(&r, &sum);
    assert_int_equal(n, 3);
    assert_string_equal(sum[0].mode->name, "seq");
    assert_true(sum[0].median_s == 1.0 && sum[0].speedup == 1.0);
    assert_true(sum[1].n == 3 && sum[1].median_s == 0.55);
    assert_true(fabs(sum[1].speedup - 1.0 / 0.55) < 1e-12);
    assert_true(fabs(sum[1].efficiency - 1.0 / 0.55 / 2) < 1e-12);
    assert_true(isnan(sum[2].speedup)); /* no seq for sumsq in this run */
    free(sum);
    results_free(&r);
}

static int count_tmp_files(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        n += strstr(e->d_name, ".tmp.") != NULL;
    closedir(d);
    return n;
}

/* A seq slower than physically possible for the others: 2 threads at a
 * third of its time on 2 cores.  The flag names both limits; seq itself is
 * clean; the speedup's interval comes from the two medians' intervals. */
static void test_summary_flags_impossible_speedup(void **unused)
{
    struct results r;
    struct summary_row *sum;
    double seq_walls[] = {0.99, 1.00, 1.01}, thr_walls[] = {0.29, 0.30, 0.31};
    (void)unused;

    memset(&r, 0, sizeof r);
    r.cores = 2.0;
    for (int i = 0; i < 3; i++) {
        struct rep_row a = row_of("primes", "seq", 1, seq_walls[i]);
        struct rep_row b = row_of("primes", "threads", 2, thr_walls[i]);
        assert_int_equal(results_add(&r, &a), 0);
        assert_int_equal(results_add(&r, &b), 0);
    }
    size_t n = results_summarize(&r, &sum);
    assert_int_equal(n, 2);
    assert_int_equal(sum[0].flags, 0);
    assert_int_equal(sum[1].flags, FLAG_SPEEDUP_OVER_WORKERS | FLAG_SPEEDUP_OVER_CORES);
    assert_string_equal(sum[1].flag_text, "speedup 3.33x > 2 workers; speedup 3.33x > 2.00 cores");
    assert_float_equal(sum[1].speedup_lo, 0.99 / 0.31, 1e-9);
    assert_float_equal(sum[1].speedup_hi, 1.01 / 0.29, 1e-9);
    assert_float_equal(sum[1].median_ci_level, 0.75, 1e-12);
    assert_true(results_kernel_flagged(&r, r.rows[0].kernel));
    free(sum);
    results_free(&r);
}

static void test_csv_files(void **unused)
{
    char dir[] = "/tmp/gilbench-results-XXXXXX";
    char path[256], line[512];
    struct results r;
    FILE *fp;
    int rows = 0;
    (void)unused;

    assert_non_null(mkdtemp(dir));
    memset(&r, 0, sizeof r);
    snprintf(r.dir, sizeof r.dir, "%s", dir);
    struct rep_row a = row_of("primes", "seq", 1, 1.0);
    a.rep = 1;
    assert_int_equal(results_add(&r, &a), 0);
    assert_int_equal(results_write(&r), 0);
    assert_int_equal(count_tmp_files(dir), 0);

    snprintf(path, sizeof path, "%s/runs.csv", dir);
    fp = fopen(path, "r");
    assert_non_null(fp);
    assert_non_null(fgets(line, sizeof line, fp));
    assert_non_null(strstr(line, "kernel,mode,workers,items,tasks,rep,wall_s,user_s,sys_s,cpu_util,"));
    /* kind after switch_interval_s, then the trust columns, then the pool's. */
    assert_non_null(strstr(line, ",switch_interval_s,kind,gil_handovers,remeasured,worker_replacements,task_retries\n"));
    while (fgets(line, sizeof line, fp) != NULL) {
        assert_non_null(strstr(line, "primes,seq,1,1000,10,1,1.000000,"));
        assert_non_null(strstr(line, ",0.005000,cpu,0,0,0,0\n"));
        rows++;
    }
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(rows, 1);

    /* summary.csv: the kind comes from the kernel table, io for sleep. */
    struct rep_row b = row_of("sleep", "seq", 1, 2.0);
    b.rep = 1;
    assert_int_equal(results_add(&r, &b), 0);
    assert_int_equal(results_write(&r), 0);
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    fp = fopen(path, "r");
    assert_non_null(fp);
    assert_non_null(fgets(line, sizeof line, fp));
    assert_string_equal(line, "kernel,mode,workers,items,n,median_s,min_s,max_s,stddev_s,speedup,"
                              "efficiency,cpu_util,switch_interval_s,kind,median_lo_s,median_hi_s,"
                              "median_ci_level,speedup_lo,speedup_hi,outliers,gil_handovers,"
                              "remeasured,flag\n");
    assert_non_null(fgets(line, sizeof line, fp));
    assert_true(strncmp(line, "primes,seq,", 11) == 0);
    assert_non_null(strstr(line, ",0.005000,cpu,"));
    assert_non_null(fgets(line, sizeof line, fp));
    assert_true(strncmp(line, "sleep,seq,", 10) == 0);
    assert_non_null(strstr(line, ",0.005000,io,"));
    assert_null(fgets(line, sizeof line, fp));
    assert_int_equal(fclose(fp), 0);
    results_free(&r);

    /* An aborted atomic file leaves neither the file nor its temporary. */
    struct atomic_file f;
    snprintf(path, sizeof path, "%s/aborted.csv", dir);
    assert_int_equal(atomic_file_open(&f, path), 0);
    fputs("half a line", f.fp);
    atomic_file_abort(&f);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(count_tmp_files(dir), 0);

    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    assert_int_equal(system(path), 0);
}

/* --- files read back by column name -------------------------------- */

/* The value of column `name` in data row `row` (1-based) of the CSV file
 * `path`, found by its header, as plots and users' scripts find it.
 * Fails the test when the file, the column or the row is missing. */
static void csv_value(const char *path, const char *name, int row, char *out, size_t out_len)
{
    char header[1024], line[1024];
    FILE *fp = fopen(path, "r");
    int col = -1, i = 0;

    assert_non_null(fp);
    assert_non_null(fgets(header, sizeof header, fp));
    header[strcspn(header, "\n")] = '\0';
    for (char *save = NULL, *f = strtok_r(header, ",", &save); f != NULL;
         f = strtok_r(NULL, ",", &save), i++)
        if (strcmp(f, name) == 0)
            col = i;
    if (col < 0)
        fail_msg("%s: no column '%s'", path, name);
    for (int r = 1; r <= row; r++)
        if (fgets(line, sizeof line, fp) == NULL)
            fail_msg("%s: no data row %d", path, row);
    assert_int_equal(fclose(fp), 0);
    line[strcspn(line, "\n")] = '\0';
    /* Empty fields are values too (speedup without seq): split by hand. */
    const char *f = line;
    for (i = 0; i < col && f != NULL; i++) {
        f = strchr(f, ',');
        f = f != NULL ? f + 1 : NULL;
    }
    if (f == NULL)
        fail_msg("%s: row %d has no field %d ('%s')", path, row, col, name);
    snprintf(out, out_len, "%.*s", (int)strcspn(f, ","), f);
}

struct expected_field {
    const char *column, *value;
};

static void check_fields(const char *path, int row, const struct expected_field *want, size_t n)
{
    char got[128];

    for (size_t i = 0; i < n; i++) {
        csv_value(path, want[i].column, row, got, sizeof got);
        if (strcmp(got, want[i].value) != 0)
            fail_msg("%s row %d column %s: got '%s', expected '%s'", path, row, want[i].column,
                     got, want[i].value);
    }
}

/* Every runs.csv column holds a value no other column holds, so a swapped,
 * dropped or mis-formatted column shows. */
static struct rep_row distinct_row(void)
{
    struct rep_row r;

    memset(&r, 0, sizeof r);
    r.kernel = kernel_find("sqrtsum");
    r.mode = mode_find("gil");
    r.workers = 3;
    r.items = 1234567;
    r.tasks = 17;
    r.rep = 5;
    r.wall_s = 1.5;
    r.user_s = 0.25;
    r.sys_s = 0.125;
    r.cpu_util = 0.375;
    r.startup_s = 0.0625;
    r.compute_s = 1.3125;
    r.collect_s = 0.03125;
    snprintf(r.checksum, sizeof r.checksum, "666667166.45882213");
    r.vol_ctx_switches = 11;
    r.invol_ctx_switches = 13;
    r.max_rss_kb = 4242;
    r.gil.acquisitions = 21;
    r.gil.drop_requests = 22;
    r.gil.forced_switches = 23;
    r.gil.wait_s = 0.75;
    r.switch_interval_s = 0.0045;
    r.gil.handovers = 24;
    r.remeasured = 1;
    r.worker_replacements = 25;
    r.task_retries = 26;
    return r;
}

static const struct expected_field distinct_runs_fields[] = {
    {"kernel", "sqrtsum"}, {"mode", "gil"}, {"workers", "3"}, {"items", "1234567"},
    {"tasks", "17"}, {"rep", "5"}, {"wall_s", "1.500000"}, {"user_s", "0.250000"},
    {"sys_s", "0.125000"}, {"cpu_util", "0.375"}, {"startup_s", "0.062500"},
    {"compute_s", "1.312500"}, {"collect_s", "0.031250"}, {"checksum", "666667166.45882213"},
    {"vol_ctx_switches", "11"}, {"invol_ctx_switches", "13"}, {"max_rss_kb", "4242"},
    {"gil_acquisitions", "21"}, {"gil_drop_requests", "22"}, {"gil_forced_switches", "23"},
    {"gil_wait_s", "0.750000"}, {"switch_interval_s", "0.004500"}, {"kind", "cpu"},
    {"gil_handovers", "24"}, {"remeasured", "1"}, {"worker_replacements", "25"},
    {"task_retries", "26"},
};

static void test_csv_round_trip_by_name(void **unused)
{
    char dir[] = "/tmp/gilbench-roundtrip-XXXXXX";
    char path[256];
    struct results r;
    const double seq_walls[] = {2.0, 4.0, 3.0};
    const double walls[] = {1.0, 2.5, 1.5}, utils[] = {3.5, 1.25, 1.75};
    (void)unused;

    assert_non_null(mkdtemp(dir));
    memset(&r, 0, sizeof r);
    snprintf(r.dir, sizeof r.dir, "%s", dir);
    struct rep_row d = distinct_row();
    assert_int_equal(results_add(&r, &d), 0);
    /* A second configuration for summary.csv: seq and threads x 4 of one
     * kernel and size, so speedup and efficiency are filled. */
    for (int i = 0; i < 3; i++) {
        struct rep_row a = row_of("primes", "seq", 1, seq_walls[i]);
        struct rep_row b = row_of("primes", "threads", 4, walls[i]);
        a.rep = b.rep = (unsigned)i + 1;
        a.cpu_util = 1.0;
        b.cpu_util = utils[i];
        b.items = a.items = 7654321;
        b.switch_interval_s = a.switch_interval_s = 0.0045;
        assert_int_equal(results_add(&r, &a), 0);
        assert_int_equal(results_add(&r, &b), 0);
    }
    assert_int_equal(results_write(&r), 0);

    snprintf(path, sizeof path, "%s/runs.csv", dir);
    check_fields(path, 1, distinct_runs_fields,
                 sizeof distinct_runs_fields / sizeof distinct_runs_fields[0]);

    /* threads x 4: walls 1.0 1.5 2.5 -> median 1.5, sample sd 0.763763;
     * seq's median 3.0 -> speedup 2, efficiency 2 / 4 workers. */
    const struct expected_field threads_fields[] = {
        {"kernel", "primes"}, {"mode", "threads"}, {"workers", "4"}, {"items", "7654321"},
        {"n", "3"}, {"median_s", "1.500000"}, {"min_s", "1.000000"}, {"max_s", "2.500000"},
        {"stddev_s", "0.763763"}, {"speedup", "2.0000"}, {"efficiency", "0.5000"},
        {"cpu_util", "1.750"}, {"switch_interval_s", "0.004500"},
    };
    const struct expected_field seq_fields[] = {
        {"mode", "seq"}, {"workers", "1"}, {"n", "3"}, {"median_s", "3.000000"},
        {"min_s", "2.000000"}, {"max_s", "4.000000"}, {"stddev_s", "1.000000"},
        {"speedup", "1.0000"}, {"efficiency", "1.0000"}, {"cpu_util", "1.000"},
    };
    /* No seq for sqrtsum in this run: speedup and efficiency stay empty. */
    const struct expected_field lone_fields[] = {
        {"kernel", "sqrtsum"}, {"mode", "gil"}, {"workers", "3"}, {"items", "1234567"},
        {"n", "1"}, {"median_s", "1.500000"}, {"speedup", ""}, {"efficiency", ""},
        {"cpu_util", "0.375"}, {"switch_interval_s", "0.004500"},
    };
    snprintf(path, sizeof path, "%s/summary.csv", dir);
    check_fields(path, 1, lone_fields, sizeof lone_fields / sizeof lone_fields[0]);
    check_fields(path, 2, seq_fields, sizeof seq_fields / sizeof seq_fields[0]);
    check_fields(path, 3, threads_fields, sizeof threads_fields / sizeof threads_fields[0]);
    results_free(&r);

    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    assert_int_equal(system(path), 0);
}

/* Rewriting a results file replaces it by rename: a reader that opened the
 * old version goes on reading exactly the old version, and the name then
 * refers to a new file.  (Written in place, the reader would see the new
 * rows, or a torn mix of both.) */
static void test_atomic_write_is_a_rename(void **unused)
{
    char dir[] = "/tmp/gilbench-atomic-XXXXXX";
    char path[256], old_content[4096], now[4096];
    struct results r;
    struct stat before, after;
    (void)unused;

    assert_non_null(mkdtemp(dir));
    memset(&r, 0, sizeof r);
    snprintf(r.dir, sizeof r.dir, "%s", dir);
    struct rep_row a = row_of("primes", "seq", 1, 1.0);
    assert_int_equal(results_add(&r, &a), 0);
    assert_int_equal(results_write(&r), 0);

    snprintf(path, sizeof path, "%s/runs.csv", dir);
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(fstat(fd, &before), 0);
    ssize_t n_old = pread(fd, old_content, sizeof old_content - 1, 0);
    assert_true(n_old > 0);
    old_content[n_old] = '\0';

    struct rep_row b = row_of("primes", "threads", 2, 0.5);
    assert_int_equal(results_add(&r, &b), 0);
    assert_int_equal(results_write(&r), 0);

    ssize_t n_again = pread(fd, now, sizeof now - 1, 0);
    assert_true(n_again >= 0);
    now[n_again] = '\0';
    assert_string_equal(now, old_content);
    assert_int_equal(close(fd), 0);
    assert_int_equal(stat(path, &after), 0);
    assert_true(after.st_ino != before.st_ino);
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    size_t n_new = fread(now, 1, sizeof now - 1, fp);
    now[n_new] = '\0';
    assert_int_equal(fclose(fp), 0);
    assert_non_null(strstr(now, "primes,threads,2,"));
    assert_int_equal(count_tmp_files(dir), 0);
    results_free(&r);

    snprintf(path, sizeof path, "rm -rf '%s'", dir);
    assert_int_equal(system(path), 0);
}

static void test_strict_numbers(void **unused)
{
    uint64_t v;
    double d;
    (void)unused;

    assert_int_equal(parse_u64("42", 1, 100, &v), 0);
    assert_true(v == 42);
    assert_int_equal(parse_u64("0", 1, 100, &v), -1);
    assert_int_equal(parse_u64("-1", 0, 100, &v), -1);
    assert_int_equal(parse_u64("+1", 0, 100, &v), -1);
    assert_int_equal(parse_u64(" 1", 0, 100, &v), -1);
    assert_int_equal(parse_u64("1x", 0, 100, &v), -1);
    assert_int_equal(parse_u64("", 0, 100, &v), -1);
    assert_int_equal(parse_u64("99999999999999999999999", 0, UINT64_MAX, &v), -1);
    assert_int_equal(parse_seconds("0.005", 1e-6, 1, &d), 0);
    assert_true(d == 0.005);
    assert_int_equal(parse_seconds("nan", 1e-6, 1, &d), -1);
    assert_int_equal(parse_seconds("inf", 1e-6, 1, &d), -1);
    assert_int_equal(parse_seconds("1e400", 1e-6, 1, &d), -1);
    assert_int_equal(parse_seconds("2", 1e-6, 1, &d), -1);
}

/* The one comma-list splitter: empty elements and too many are refused,
 * and a refused list is left as it was, for the message. */
static void test_split_list(void **unused)
{
    char *parts[4];
    char ok[] = "a,bb,c", bad_empty[] = "a,,b", lead[] = ",a", trail[] = "a,", empty[] = "";
    char many[] = "1,2,3,4,5", one[] = "solo";
    (void)unused;

    assert_int_equal(split_list(ok, parts, 4), 3);
    assert_string_equal(parts[0], "a");
    assert_string_equal(parts[1], "bb");
    assert_string_equal(parts[2], "c");
    assert_int_equal(split_list(one, parts, 4), 1);
    assert_string_equal(parts[0], "solo");
    assert_int_equal(split_list(bad_empty, parts, 4), -1);
    assert_string_equal(bad_empty, "a,,b");
    assert_int_equal(split_list(lead, parts, 4), -1);
    assert_int_equal(split_list(trail, parts, 4), -1);
    assert_int_equal(split_list(empty, parts, 4), -1);
    assert_int_equal(split_list(many, parts, 4), -1);
    assert_string_equal(many, "1,2,3,4,5");
}

static void test_duplicates_and_argv_line(void **unused)
{
    const uint32_t distinct[] = {1, 2, 3}, twice[] = {4, 5, 4, 5};
    const double seconds[] = {0.001, 0.005, 0.001};
    char *argv[] = {"sweep", "-k", "primes,sleep", "-o", "out dir"};
    char line[64], cut[12];
    (void)unused;

    assert_int_equal(cli_first_duplicate(distinct, 3, sizeof distinct[0]), -1);
    assert_int_equal(cli_first_duplicate(twice, 4, sizeof twice[0]), 2);
    assert_int_equal(cli_first_duplicate(seconds, 3, sizeof seconds[0]), 2);
    assert_int_equal(cli_first_duplicate(distinct, 0, sizeof distinct[0]), -1);
    cli_argv_line(line, sizeof line, 5, argv);
    assert_string_equal(line, "sweep -k primes,sleep -o out dir");
    cli_argv_line(cut, sizeof cut, 5, argv); /* cut, never overrun */
    assert_string_equal(cut, "sweep -k pr");
    cli_argv_line(line, sizeof line, 0, argv);
    assert_string_equal(line, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_speedups),
        cmocka_unit_test(test_summary_flags_impossible_speedup),
        cmocka_unit_test(test_csv_files),
        cmocka_unit_test(test_csv_round_trip_by_name),
        cmocka_unit_test(test_atomic_write_is_a_rename),
        cmocka_unit_test(test_strict_numbers),
        cmocka_unit_test(test_split_list),
        cmocka_unit_test(test_duplicates_and_argv_line),
    };
    return cmocka_run_group_tests_name("results", tests, NULL, NULL);
}
