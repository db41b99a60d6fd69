/* test_results_files.c - the files a run writes: runs.csv and
 * summary.csv with their headers, rewritten whole, and every rewrite an
 * atomic rename that a reader of the old version never sees. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/files/atomic_file.h"
#include "lib/files/results.h"
#include "results_fixture.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_files),
        cmocka_unit_test(test_atomic_write_is_a_rename),
    };
    return cmocka_run_group_tests_name("results_files", tests, NULL, NULL);
}
