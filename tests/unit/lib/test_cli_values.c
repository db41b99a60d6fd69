/* test_cli_values.c - the command line's values (lib/cli.h): strict
 * numbers and durations, comma lists, the first duplicate in a list, and
 * the argv line recorded in meta. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "lib/cli.h"

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
        cmocka_unit_test(test_strict_numbers),
        cmocka_unit_test(test_split_list),
        cmocka_unit_test(test_duplicates_and_argv_line),
    };
    return cmocka_run_group_tests_name("cli_values", tests, NULL, NULL);
}
