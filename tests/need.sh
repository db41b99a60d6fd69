#!/usr/bin/env bash
# tests/need.sh test|bench - make sure the Debian packages a target needs
# are installed.  Missing ones are named, then installed with apt-get
# (through sudo when not root); where that is impossible, the exact
# command to run is printed and the target stops here, rather than
# failing later with a cryptic error.
set -euo pipefail

what=${1:?usage: tests/need.sh test|bench}
missing=()

need_cmd() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }
need_file() { [ -e "$1" ] || missing+=("$2"); }

need_cmd cc gcc
need_cmd make make
# The charts' driver, the report and the bench checks (plots/*.py,
# bench/verdicts.py) are Python 3 programs, standard library only.
need_cmd python3 python3
# Open MPI: bin/gilbench-mpi is built with mpicc and run by mpirun.
need_cmd mpicc libopenmpi-dev
need_cmd mpirun openmpi-bin
# The workloads' libraries (gilbench images, hash; the sha256 kernel),
# checked by header: the -dev packages are what the build needs.
need_file /usr/include/jpeglib.h libjpeg62-turbo-dev
need_file /usr/include/png.h libpng-dev
need_file /usr/include/openssl/evp.h libssl-dev
case "$what" in
test)
    need_cmd bats bats
    need_file /usr/include/cmocka.h libcmocka-dev
    need_cmd gnuplot gnuplot-nox
    need_cmd hyperfine hyperfine
    # Tools the tests themselves call: the orphan reaper, the bats linter
    # and the mutation check are Python; fault tests use pgrep/ps and
    # timeout; results are compared with cmp; `script` gives a run a
    # terminal, where progress shows.
    need_cmd python3 python3
    need_cmd pgrep procps
    need_cmd ps procps
    need_cmd timeout coreutils
    need_cmd cmp diffutils
    need_cmd script bsdutils
    ;;
bench)
    need_cmd gnuplot gnuplot-nox
    need_cmd hyperfine hyperfine
    need_cmd valgrind valgrind
    need_cmd openssl openssl
    ;;
*)
    echo "tests/need.sh: expected 'test' or 'bench', got '$what'" >&2
    exit 2
    ;;
esac
[ ${#missing[@]} -eq 0 ] && exit 0

echo "gilbench: 'make $what' needs these Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "gilbench: install them with: apt-get install -y --no-install-recommends ${missing[*]}   (as root), then run 'make $what' again" >&2
    exit 1
fi
echo "gilbench: installing them: ${sudo[*]} apt-get install -y --no-install-recommends ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    # A fresh machine may have no package lists yet.
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
