#!/usr/bin/env bats
# plots/tables.bats - the three tables that make adding a chart, a report
# section or a bench check one file and one line: every entry points at
# something that exists, and everything that exists is listed.

TOP="$BATS_TEST_DIRNAME/../../.."

py() { (cd "$TOP/plots" && python3 -c "$1"); }

@test "every chart in plots/charts.py has its gnuplot script and a report section that exists" {
    run py "
import os, charts, report
for c in charts.CHARTS:
    assert os.path.isfile(os.path.join('gnuplot', c.script)), c.script
    assert c.section in report.SECTIONS, (c.name, c.section)
scripts = {c.script for c in charts.CHARTS} | {'style.gp'}
print(sorted(f for f in os.listdir('gnuplot') if f.endswith('.gp') and f not in scripts))"
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    [ "$output" = "[]" ] || { echo "scripts in no chart: $output"; false; }
}

@test "every report section is listed once and is a module with render(run_dir)" {
    run py "
import importlib, inspect, os, report
assert len(set(report.SECTIONS)) == len(report.SECTIONS)
for name in report.SECTIONS:
    fn = importlib.import_module('sections.' + name).render
    assert list(inspect.signature(fn).parameters) == ['run_dir'], name
modules = {os.path.relpath(os.path.join(d, f), 'sections')[:-3].replace(os.sep, '.')
           for d, _, files in os.walk('sections') for f in files if f.endswith('.py')}
helpers = {m for m in modules if m == 'common' or m.split('.')[-1] == '__init__'}
print(sorted(modules - set(report.SECTIONS) - helpers))"
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    [ "$output" = "[]" ] || { echo "sections in no table: $output"; false; }
}

@test "every bench check topic is listed once and is a module with checks(run_dir)" {
    run bash -c "cd '$TOP/bench' && python3 -c \"
import importlib, importlib.util, os
# bench/verdicts.py, the table (loaded by path, beside the package bench/checks/).
spec = importlib.util.spec_from_file_location('table', 'verdicts.py')
table = importlib.util.module_from_spec(spec)
spec.loader.exec_module(table)
assert len(set(table.TOPICS)) == len(table.TOPICS)
for name in table.TOPICS:
    fn = importlib.import_module('checks.' + name).checks
    assert fn.__code__.co_varnames[:1] == ('run_dir',), name
print(sorted(f[:-3] for f in os.listdir('checks') if f.endswith('.py') and f[:-3] not in table.TOPICS + ('__init__',)))\""
    [ "$status" -eq 0 ] || { echo "$output"; false; }
    [ "$output" = "[]" ] || { echo "topics in no table: $output"; false; }
}
