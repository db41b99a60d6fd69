# gilbench - see README.md.  `make` builds, `make bench` measures,
# `make test` checks, `make plots` redraws charts, `make clean` tidies.

CC      ?= cc
# Compile on every core unless the caller chose (make -jN): `make test`
# builds three variants of ~110 files, minutes when done one at a time.
# Only the top make: sub-makes share its job slots already.
ifeq ($(MAKELEVEL),0)
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif
endif
CSTD    := -std=c17 -D_GNU_SOURCE
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
# Loops aligned to 32 bytes: without it, where a hot 6-instruction loop
# happens to land decides up to 9% of its speed (seen on sumsq), and two
# builds of the same kernel differ by that much for no reason in the code.
OPT     ?= -O2 -g -falign-loops=32
CFLAGS  ?= $(OPT)
INCS    = -Iharness -Ikernels $(PKG_CFLAGS)
# -fopenmp at link time brings in libgomp for the openmp modes.  On the
# one-line builds below it also compiles every file with OpenMP enabled,
# which changes nothing but harness/modes/mode_openmp.c, the only file
# with an omp pragma; object builds pass it for that file alone (OMP_SRC).
# The workloads' codecs and digest: libjpeg-turbo, libpng, libcrypto
# (Debian: libjpeg62-turbo-dev, libpng-dev, libssl-dev).  pkg-config knows
# their flags where it is installed; the plain -l names work without it.
WORKLOAD_PKGS := libjpeg libpng libcrypto
PKG_LIBS := $(shell pkg-config --libs $(WORKLOAD_PKGS) 2>/dev/null)
PKG_CFLAGS := $(shell pkg-config --cflags $(WORKLOAD_PKGS) 2>/dev/null)
LDLIBS  := -pthread -lm -fopenmp $(if $(PKG_LIBS),$(PKG_LIBS),-ljpeg -lpng -lcrypto)
OMP_SRC := harness/modes/mode_openmp.c

COMMIT  := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)
CCVER   := $(shell $(CC) --version 2>/dev/null | head -n 1)
DEFS    := -DGILBENCH_COMMIT='"$(COMMIT)"' -DGILBENCH_CC='"$(CCVER)"' \
           -DGILBENCH_CFLAGS='"$(CSTD) $(OPT)"'
ALLFLAGS = $(CSTD) $(WARN) $(CFLAGS) -pthread $(INCS)

# Every .c under harness/ and kernels/ is part of gilbench, except main.c
# (the unit tests bring their own main) and separate programs (nop.c,
# harness/pool/example.c, lat_pipe_ref.c, and harness/mpi/, which is gilbench-mpi and needs
# mpi.h).
LIB_SRCS  := $(sort $(filter-out harness/main.c harness/commands/startup/nop.c harness/pool/example.c harness/commands/ipc/lat_pipe_ref.c harness/mpi/%,\
               $(shell find harness kernels -name '*.c')))
MAIN_SRCS := harness/main.c $(LIB_SRCS)
LIB_OBJS   = $(patsubst %.c,build/$(1)/%.o,$(LIB_SRCS))
HDRS      := $(shell find harness kernels -name '*.h' -not -path 'harness/mpi/*')
MPI_SRCS  := $(sort $(wildcard harness/mpi/*.c))
MPI_HDRS  := $(wildcard harness/mpi/*.h)
MPICC     ?= mpicc

.PHONY: all bench plots lessons test mutants clean deps-bench deps-test unit-tests calibrate mpi FORCE
all: bin/gilbench bin/gilbench-nohooks bin/gilbench-nop bin/gilbench-latpipe bin/pool-example mpi

# The binary records how it was built: machine.c gets the flags, the
# compiler and the commit.  build/commit changes only when the commit (or
# its -dirty mark) does, so a new commit recompiles machine.c (of every
# build variant) and the meta file never names a stale one.
build/commit: FORCE
	@mkdir -p build
	@echo '$(COMMIT)' | cmp -s - $@ || echo '$(COMMIT)' >$@
FORCE:

# Every program is linked from objects compiled once each, one file per
# compiler process, so `make` compiles on every core and `make test`
# compiles each source once per variant: plain (bin/gilbench, the MPI
# program, the pool example, the unit tests), nohooks, asan and tsan.
# (Whole-program compile lines would each run on one core, and compiled
# the plain sources three times over.)  The objects are those of the
# one-line build this replaced: the same flags, in the same link order;
# -fopenmp compiles OMP_SRC alone, the only file with an omp pragma.
bin/gilbench: build/plain/harness/main.o $(call LIB_OBJS,plain)
	@mkdir -p bin
	$(CC) $(ALLFLAGS) -o $@ $^ $(LDLIBS)

# The same program with the kernel hooks compiled out: the baseline for
# the benchmark that shows what checkpoint() costs.
bin/gilbench-nohooks: build/nohooks/harness/main.o $(call LIB_OBJS,nohooks)
	@mkdir -p bin
	$(CC) $(ALLFLAGS) -o $@ $^ $(LDLIBS)

# gilbench-mpi: the same kernels and task code across Open MPI ranks,
# built with the MPI compiler wrapper when there is one (harness/mpi/).
# Decided when the recipe runs, not when make reads this file: `make test`
# installs Open MPI (tests/need.sh) after that.
# The plain objects first: the sub-make would otherwise compile them a
# second time, beside this make compiling them for bin/gilbench.
.PHONY: mpi
mpi: $(call LIB_OBJS,plain)
	@if command -v $(MPICC) >/dev/null 2>&1; then \
	    $(MAKE) --no-print-directory bin/gilbench-mpi; \
	else \
	    echo "gilbench: $(MPICC) not found, bin/gilbench-mpi not built; to build it:" \
	         "apt-get install --no-install-recommends openmpi-bin libopenmpi-dev"; \
	fi
# Only harness/mpi/ needs mpi.h: the rest is the plain objects.
MPI_OBJS := $(patsubst %.c,build/mpi/%.o,$(MPI_SRCS))
build/mpi/%.o: %.c $(MPI_HDRS) $(HDRS) Makefile
	@mkdir -p $(dir $@)
	$(MPICC) $(ALLFLAGS) $(DEFS) -c $< -o $@
bin/gilbench-mpi: $(MPI_OBJS) $(call LIB_OBJS,plain)
	@mkdir -p bin
	$(MPICC) $(ALLFLAGS) -o $@ $^ $(LDLIBS)

# --- tests ---------------------------------------------------------------
# Unit tests (cmocka) are built three ways: plain, with AddressSanitizer +
# UndefinedBehaviorSanitizer, and with ThreadSanitizer.  Objects go to
# build/<variant>/ so the variants never mix.
SAN_plain :=
SAN_asan  := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
SAN_tsan  := -fsanitize=thread
VARIANTS  := plain asan tsan
# Not a unit-test variant: the objects of bin/gilbench-nohooks.
SAN_nohooks := -DGILBENCH_NO_HOOKS
# The unit tests sit in a folder per part they test (tests/unit/gil/,
# modes/, pool/, ...); each test_NAME.c is the program build/VARIANT/test_NAME,
# so the names must differ across folders.
UNIT_TEST_SRCS := $(sort $(wildcard tests/unit/*/test_*.c))
UNIT_TESTS := $(basename $(notdir $(UNIT_TEST_SRCS)))
ifneq ($(words $(UNIT_TESTS)),$(words $(sort $(UNIT_TESTS))))
$(error two unit tests in tests/unit/*/ share a file name: $(UNIT_TEST_SRCS))
endif
# Fixtures some unit tests share (tests/unit/*/*.c not named test_*), linked
# into every unit test binary.
UNIT_SUPPORT := $(filter-out $(UNIT_TEST_SRCS),$(wildcard tests/unit/*/*.c))
SUPPORT_OBJS = $(patsubst %.c,build/$(1)/%.o,$(UNIT_SUPPORT))

# build/VARIANT/X.o from X.c, with the variant's flags (SAN_VARIANT).
define variant_objects
build/$(1)/%.o: %.c $$(HDRS) Makefile
	@mkdir -p $$(dir $$@)
	$$(CC) $$(ALLFLAGS) $$(DEFS) $$(SAN_$(1)) $$(if $$(filter $$(OMP_SRC),$$<),-fopenmp) -c $$< -o $$@
endef
$(foreach v,$(VARIANTS) nohooks,$(eval $(call variant_objects,$(v))))
$(foreach v,$(VARIANTS) nohooks,build/$(v)/harness/lib/machine/machine.o): build/commit

# Helpers the unit tests share (tests/unit/*/*.h) rebuild only the tests.
$(foreach v,$(VARIANTS),$(patsubst %.c,build/$(v)/%.o,$(UNIT_TEST_SRCS)) $(call SUPPORT_OBJS,$(v))): $(wildcard tests/unit/*/*.h)

# build/VARIANT/test_NAME from tests/unit/PART/test_NAME.c
define unit_test_rule
build/$(1)/$(basename $(notdir $(2))): build/$(1)/$(2:.c=.o) $(call SUPPORT_OBJS,$(1)) $(call LIB_OBJS,$(1))
	$$(CC) $$(ALLFLAGS) $$(SAN_$(1)) -o $$@ $$^ -lcmocka $$(LDLIBS)
endef
$(foreach v,$(VARIANTS),$(foreach t,$(UNIT_TEST_SRCS),$(eval $(call unit_test_rule,$(v),$(t)))))

# The CLI built with ASan+UBSan, for the command-line tests; and linked
# from the plain objects, for `make mutants` (a planted bug in one file
# then recompiles one object, not the whole program).
build/asan/gilbench: build/asan/harness/main.o $(call LIB_OBJS,asan)
	$(CC) $(ALLFLAGS) $(SAN_asan) -o $@ $^ $(LDLIBS)
build/plain/gilbench: build/plain/harness/main.o $(call LIB_OBJS,plain)
	$(CC) $(ALLFLAGS) -o $@ $^ $(LDLIBS)

UNIT_BINS := $(foreach v,$(VARIANTS),$(foreach t,$(UNIT_TESTS),build/$(v)/$(t)))
unit-tests: $(UNIT_BINS)

deps-test:
	@tests/need.sh test

# The packages first, then the builds in parallel: a build started beside
# the install could miss a header the install is about to bring.
test: deps-test
	@$(MAKE) --no-print-directory all unit-tests build/asan/gilbench
	@tests/run.sh $(UNIT_BINS)

# The deliberate-bug check: plants each bug of tests/mutants/list in a copy
# of the tree and fails if a bug passes the tests meant to catch it.
# Not part of `make test` (it takes minutes).  NAMES="a b" runs only those.
mutants: deps-test
	@nice -n 10 tests/mutants/run.py $(NAMES)

# The do-nothing program `gilbench startup` starts with posix_spawn and
# fork+exec; static, so no dynamic loader is in the measurement.
bin/gilbench-nop: harness/commands/startup/nop.c Makefile
	@mkdir -p bin
	$(CC) $(CSTD) $(WARN) -O2 -static -o $@ $<

# The plain pipe ping-pong (lmbench lat_pipe) that the bench check holds
# `gilbench ipc`'s pipe latency to; built apart so it shares no code.
bin/gilbench-latpipe: harness/commands/ipc/lat_pipe_ref.c Makefile
	@mkdir -p bin
	$(CC) $(CSTD) $(WARN) $(OPT) -o $@ $<

# The pool library's 40-line example, read next to harness/pool/example.py.
POOL_SRCS := $(filter-out harness/pool/example.c,$(wildcard harness/pool/*.c)) harness/lib/processes/child_io.c
bin/pool-example: build/plain/harness/pool/example.o $(patsubst %.c,build/plain/%.o,$(POOL_SRCS))
	@mkdir -p bin
	$(CC) $(ALLFLAGS) -o $@ $^ $(LDLIBS)

clean:
	rm -rf bin build

# --- benchmark and charts --------------------------------------------------
deps-bench:
	@tests/need.sh bench

# QUICK=1 for a run of seconds.
bench: deps-bench
	@$(MAKE) --no-print-directory all
	@QUICK=$(QUICK) bench/bench.sh

# CPython's real GIL next to the simulation (skipped without python3).
calibrate: all
	@QUICK=$(QUICK) bench/calibrate.sh

RUN ?= results/latest
plots: deps-bench
	@if [ ! -e $(RUN) ]; then \
		echo "make plots: no run directory '$(RUN)': run 'make bench' first, or name a run," \
		     "e.g. make plots RUN=results/lessons/01-threads-under-the-gil" >&2; exit 2; fi
	@plots/render.sh $(RUN) && plots/report.sh $(RUN)

# Every lesson, in order (QUICK=1 for the fast pass); results in
# results/lessons/.  LESSONS="01 05" runs only those.
lessons: deps-bench
	@$(MAKE) --no-print-directory all
	@QUICK=$(QUICK) lessons/run_all.sh $(LESSONS)
