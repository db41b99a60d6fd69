/* fiber.h - stackful coroutines on one thread (ucontext), as the event loop
 * runs its tasks: each fiber has a stack of its own, and a switch saves one
 * fiber's registers and loads another's - no other thread, and no system
 * call but the signal-mask update glibc does.
 *
 * The switches are annotated for AddressSanitizer and ThreadSanitizer,
 * which otherwise take the jump to another stack for stack corruption
 * (ASan) or lose track of which "thread" is running (TSan).
 *
 * Used in a star: the thread's own context (fiber_init_thread) switches to
 * fibers, and a fiber switches only back to the context that first started
 * it.  A fiber's entry function never returns: it ends with fiber_exit().
 */
#ifndef GILBENCH_FIBER_H
#define GILBENCH_FIBER_H

#include <stddef.h>
#include <ucontext.h>

struct fiber {
    ucontext_t context;
    void *map;                /* stack mapping with its guard page; NULL: the thread's own stack */
    size_t map_len;
    const void *stack_bottom; /* lowest usable address of the stack, for ASan */
    size_t stack_size;
    void *tsan_fiber;         /* TSan's state of this fiber, when built with TSan */
    void *asan_fake_stack;    /* ASan's handle on this context's fake frames while suspended */
    void (*entry)(void *arg);
    void *arg;
    struct fiber *parent;     /* the context that starts this fiber, and that it returns to */
};

/* Describes the calling thread's own context, so fibers can switch to it. */
void fiber_init_thread(struct fiber *self);

/* A fiber with a `stack_size`-byte stack (rounded up to pages, with one
 * inaccessible guard page below it, so an overflow faults instead of
 * corrupting memory), that will run entry(arg) when `parent` first
 * switches to it.  Returns 0, or -1 with errno set and nothing allocated. */
int fiber_create(struct fiber *f, size_t stack_size, void (*entry)(void *), void *arg,
                 struct fiber *parent);

/* Suspends `from` (the running context) and runs `to`; returns when some
 * fiber switches back to `from`. */
void fiber_switch(struct fiber *from, struct fiber *to);

/* Ends the running fiber `from` for good and runs `to`.  `from` may then
 * be destroyed by `to`. */
_Noreturn void fiber_exit(struct fiber *from, struct fiber *to);

/* Frees a fiber made by fiber_create that is not running (finished, or
 * never started).  Returns 0, or -1 with errno set if munmap failed. */
int fiber_destroy(struct fiber *f);

#endif
