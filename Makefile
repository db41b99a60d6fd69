# gilbench - see README.md.  `make` builds, `make bench` measures,
# `make test` checks, `make plots` redraws charts, `make clean` tidies.

CC      ?= cc
CSTD    := -std=c17 -D_GNU_SOURCE
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
OPT     ?= -O2 -g
CFLAGS  ?= $(OPT)
INCS    := -Iharness
LDLIBS  := -pthread -lm

COMMIT  := $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)
CCVER   := $(shell $(CC) --version 2>/dev/null | head -n 1)
DEFS    := -DGILBENCH_COMMIT='"$(COMMIT)"' -DGILBENCH_CC='"$(CCVER)"' \
           -DGILBENCH_CFLAGS='"$(CSTD) $(OPT)"'
ALLFLAGS = $(CSTD) $(WARN) $(CFLAGS) -pthread $(INCS)

LIB_SRCS  := $(filter-out harness/main.c,$(wildcard harness/*.c)) $(wildcard kernels/*.c)
MAIN_SRCS := harness/main.c $(LIB_SRCS)
HDRS      := $(wildcard harness/*.h)

.PHONY: all bench plots test clean deps-bench deps-test
all: bin/gilbench bin/gilbench-nohooks

# The binary records how it was built: machine.c gets the flags, the
# compiler and the commit.  Sources are few: one compile line keeps it simple.
bin/gilbench: $(MAIN_SRCS) $(HDRS) Makefile
	@mkdir -p bin
	$(CC) $(ALLFLAGS) $(DEFS) -o $@ $(MAIN_SRCS) $(LDLIBS)

# The same program with the kernel hooks compiled out: the baseline for
# the benchmark that shows what checkpoint() costs.
bin/gilbench-nohooks: $(MAIN_SRCS) $(HDRS) Makefile
	@mkdir -p bin
	$(CC) $(ALLFLAGS) $(DEFS) -DGILBENCH_NO_HOOKS -o $@ $(MAIN_SRCS) $(LDLIBS)

clean:
	rm -rf bin build
