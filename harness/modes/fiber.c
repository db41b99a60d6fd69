/* fiber.c - ucontext coroutines with their own mmap'd stacks.
 *
 * A switch stores the callee-saved registers, stack pointer and signal
 * mask of one context (getcontext) and loads another's (setcontext), all
 * in user space except the sigprocmask glibc does on the way.  That is what a
 * stackful coroutine is; CPython's asyncio uses stackless ones instead
 * (a coroutine's frame lives on the heap and `await` returns up the C
 * stack to the loop), but the effect the event loop relies on is the same:
 * a task gives up the thread only where it waits, and resumes there.
 *
 * Sanitizers.  ASan keeps shadow memory for "the" stack of a thread; a
 * jump to another stack without telling it looks like a wild stack
 * overflow.  The protocol (sanitizer/common_interface_defs.h) is: call
 * __sanitizer_start_switch_fiber(&save, bottom, size) with the stack being
 * switched TO just before the switch, and
 * __sanitizer_finish_switch_fiber(save, &old_bottom, &old_size) first
 * thing after arriving; a fiber leaving for good passes NULL as `save`, so
 * ASan frees its fake stack.  TSan keeps a "current thread" state per
 * fiber: __tsan_create_fiber() makes one, __tsan_switch_to_fiber() must
 * come immediately before the switch, __tsan_destroy_fiber() frees it
 * (sanitizer/tsan_interface.h).
 *
 * A switch is getcontext() then setcontext(), not swapcontext(), which
 * does the same in one call: ASan intercepts swapcontext only, to print
 * "ASan doesn't fully support makecontext/swapcontext" on first use and
 * clear the target stack's shadow - a warning the test runner rightly
 * counts as a report, and a clearing the annotations make unneeded.
 */
#include "modes/fiber.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define FIBER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FIBER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_THREAD__)
#define FIBER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define FIBER_TSAN 1
#endif
#endif

#ifdef FIBER_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif
#ifdef FIBER_TSAN
#include <sanitizer/tsan_interface.h>
#endif

static _Noreturn void fiber_fatal(const char *what)
{
    /* getcontext/setcontext fail only for a context that was never made
     * (EINVAL): a bug, and the stacks are in an unknown state. */
    fprintf(stderr, "gilbench: fiber: %s failed: %s\n", what, strerror(errno));
    abort();
}

/* Called on every arrival in a context: completes the switch ASan was told
 * about.  `save` is the arriving context's fake-stack handle (NULL for a
 * fiber's first arrival); the stack we came from is reported back, which
 * is how a fiber learns where its parent's stack is. */
static void arrived(void *save, const void **from_bottom, size_t *from_size)
{
#ifdef FIBER_ASAN
    __sanitizer_finish_switch_fiber(save, from_bottom, from_size);
#else
    (void)save;
    (void)from_bottom;
    (void)from_size;
#endif
}

static void leaving(void **save, const struct fiber *to)
{
#ifdef FIBER_ASAN
    __sanitizer_start_switch_fiber(save, to->stack_bottom, to->stack_size);
#else
    (void)save;
#endif
#ifdef FIBER_TSAN
    __tsan_switch_to_fiber(to->tsan_fiber, 0);
#endif
    (void)to;
}

/* makecontext passes only int arguments: the fiber's address goes in two
 * 32-bit halves, the portable way. */
static void fiber_trampoline(unsigned hi, unsigned lo)
{
    struct fiber *f = (struct fiber *)(uintptr_t)(((uint64_t)hi << 32) | lo);

    arrived(NULL, &f->parent->stack_bottom, &f->parent->stack_size);
    f->entry(f->arg);
    /* entry ends with fiber_exit(); returning would end the thread. */
    fprintf(stderr, "gilbench: fiber: entry function returned\n");
    abort();
}

void fiber_init_thread(struct fiber *self)
{
    memset(self, 0, sizeof *self);
#ifdef FIBER_TSAN
    self->tsan_fiber = __tsan_get_current_fiber();
#endif
    /* stack_bottom/size stay unknown (NULL, 0) until the first fiber
     * started from here reports them (fiber_trampoline). */
}

int fiber_create(struct fiber *f, size_t stack_size, void (*entry)(void *), void *arg,
                 struct fiber *parent)
{
    long page = sysconf(_SC_PAGESIZE);
    size_t psize, usable;
    char *map;
    int saved;

    memset(f, 0, sizeof *f);
    if (page <= 0) {
        errno = EINVAL;
        return -1;
    }
    psize = (size_t)page;
    usable = (stack_size + psize - 1) / psize * psize;
    /* MAP_NORESERVE: only the pages a task touches cost memory, so a
     * generous stack for hundreds of fibers is cheap. */
    map = mmap(NULL, usable + psize, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE, -1, 0);
    if (map == MAP_FAILED)
        return -1;
    /* Stacks grow down: the guard page is the lowest one. */
    if (mprotect(map, psize, PROT_NONE) != 0 || getcontext(&f->context) != 0) {
        saved = errno;
        (void)munmap(map, usable + psize); /* the error reported is the first one */
        errno = saved;
        return -1;
    }
    f->map = map;
    f->map_len = usable + psize;
    f->stack_bottom = map + psize;
    f->stack_size = usable;
    f->entry = entry;
    f->arg = arg;
    f->parent = parent;
    f->context.uc_stack.ss_sp = map + psize;
    f->context.uc_stack.ss_size = usable;
    f->context.uc_link = NULL;
    makecontext(&f->context, (void (*)(void))fiber_trampoline, 2,
                (unsigned)((uint64_t)(uintptr_t)f >> 32), (unsigned)(uintptr_t)f);
#ifdef FIBER_TSAN
    f->tsan_fiber = __tsan_create_fiber(0);
#endif
    return 0;
}

void fiber_switch(struct fiber *from, struct fiber *to)
{
    /* getcontext returns twice, as setjmp does: once now, and once when
     * some fiber resumes `from`.  Only a volatile tells the two apart. */
    volatile int resumed = 0;

    if (getcontext(&from->context) != 0)
        fiber_fatal("getcontext");
    if (resumed) {
        arrived(from->asan_fake_stack, NULL, NULL);
        return;
    }
    resumed = 1;
    leaving(&from->asan_fake_stack, to);
    setcontext(&to->context);
    fiber_fatal("setcontext");
}

_Noreturn void fiber_exit(struct fiber *from, struct fiber *to)
{
    (void)from;
    /* NULL: this stack is done with, and ASan may drop its fake frames. */
    leaving(NULL, to);
    setcontext(&to->context);
    fiber_fatal("setcontext");
}

int fiber_destroy(struct fiber *f)
{
    int rc = 0;

#ifdef FIBER_TSAN
    if (f->map != NULL && f->tsan_fiber != NULL)
        __tsan_destroy_fiber(f->tsan_fiber);
#endif
#ifdef FIBER_ASAN
    /* Frames a finished fiber never returned from leave their redzones
     * poisoned; a later mapping at these addresses must not inherit them. */
    if (f->map != NULL)
        __asan_unpoison_memory_region(f->stack_bottom, f->stack_size);
#endif
    if (f->map != NULL)
        rc = munmap(f->map, f->map_len);
    f->map = NULL;
    f->tsan_fiber = NULL;
    return rc;
}
