/* test_results.c - statistics, speedups and the files a run writes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/atomic_file.h"
#include "lib/cli.h"
#include "lib/results.h"
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
    assert_non_null(strstr(line, ",switch_interval_s,kind\n")); /* new columns at the end */
    while (fgets(line, sizeof line, fp) != NULL) {
        assert_non_null(strstr(line, "primes,seq,1,1000,10,1,1.000000,"));
        assert_non_null(strstr(line, ",0.005000,cpu\n"));
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
                              "efficiency,cpu_util,switch_interval_s,kind\n");
    assert_non_null(fgets(line, sizeof line, fp));
    assert_true(strncmp(line, "primes,seq,", 11) == 0);
    assert_non_null(strstr(line, ",cpu\n"));
    assert_non_null(fgets(line, sizeof line, fp));
    assert_true(strncmp(line, "sleep,seq,", 10) == 0);
    assert_non_null(strstr(line, ",io\n"));
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
        cmocka_unit_test(test_csv_files),
        cmocka_unit_test(test_strict_numbers),
        cmocka_unit_test(test_split_list),
        cmocka_unit_test(test_duplicates_and_argv_line),
    };
    return cmocka_run_group_tests_name("results", tests, NULL, NULL);
}
