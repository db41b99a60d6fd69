/* test_results_by_name.c - runs.csv and summary.csv read back by column
 * name, as plots and users' scripts read them: every field of a row with
 * distinct values lands in its own column, formatted as documented. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/files/results.h"
#include "results_fixture.h"
#include "registry.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv_round_trip_by_name),
    };
    return cmocka_run_group_tests_name("results_by_name", tests, NULL, NULL);
}
