#!/usr/bin/env bats
# modes/order.bats - the mode order and look live in one place
# (plots/modes.py); the C mode table (harness/modes/modes.c) must list the
# modes in the same order, and every chart gets its styles from there.

TOP="$BATS_TEST_DIRNAME/../../.."

@test "plots/modes.py lists the modes in the C mode table's order (gilbench list modes)" {
    [ -x "$TOP/bin/gilbench" ] || skip "bin/gilbench is not built"
    c_order=$("$TOP/bin/gilbench" list modes | awk '{ print $1 }' | tr '\n' ' ')
    [ "$c_order" = "$(python3 "$TOP/plots/modes.py" names) " ] ||
        { echo "C: $c_order"; echo "plots/modes.py: $(python3 "$TOP/plots/modes.py" names)"; false; }
}

@test "style.gp takes each mode's line type from plots/modes.py, and no chart lists the modes itself" {
    out=$(gnuplot -e "load '$TOP/plots/gnuplot/style.gp'; print mode_ls('fork'), mode_color('gil'), mode_ls('nosuch'); print MODE_ORDER" 2>&1)
    # A mode missing from modes.py gets the line type after all of them.
    other=$(( $(python3 "$TOP/plots/modes.py" names | wc -w) + 2 ))
    [ "$out" = "5 #D55E00 $other
$(python3 "$TOP/plots/modes.py" names)" ] || { echo "$out"; false; }
    ! grep -n 'seq gil gil-legacy' "$TOP"/plots/gnuplot/*.gp "$TOP"/plots/*.sh
}
