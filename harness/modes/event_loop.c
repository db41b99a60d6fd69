/* event_loop.c - N tasks in flight on one thread, waits multiplexed with
 * epoll: what asyncio does, in C.
 *
 * The shape is asyncio's (Lib/asyncio/base_events.py, BaseEventLoop.
 * _run_once): run every task that is ready until each has either finished
 * or started a wait; then block in the selector (epoll on Linux) until
 * some wait is over, mark those tasks ready, and go round again.  The
 * thread blocks only there, and only when no task can run.
 *
 * A task is a coroutine (fiber.c) running task_run() on a stack of its
 * own.  When its kernel waits, io_wait() (kernels/hooks.h) lands in
 * loop_io_wait() below: it arms the coroutine's timerfd for the wait and
 * switches back to the loop, as `await asyncio.sleep(d)` suspends the
 * coroutine and returns to the loop.  asyncio itself keeps timers in a
 * heap and passes the nearest deadline to select() as its timeout
 * (loop.call_later); a timerfd per coroutine instead makes every wait a
 * file descriptor the kernel wakes us for, as a socket's would be, which
 * is the case asyncio exists for.  Each timerfd is registered with epoll
 * once, when the loop starts, and only re-armed per wait: asyncio's
 * sock_recv() registers and unregisters its socket around every wait
 * (add_reader/remove_reader), two system calls a wait we do not need.
 *
 * Nothing here runs in parallel: one thread computes everything, so a
 * CPU-bound kernel takes as long as in `seq` whatever N is, while N tasks
 * waiting 1 ms each wait that millisecond together.
 */
#include "modes/event_loop.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "lib/measurement/clock.h"
#include "modes/fiber.h"
#include "modes/workers/tasks.h"

/* Kernels keep little on the stack (blur's 8.5 KB row buffers are the
 * most); ASan's redzones make frames a few times larger.  Untouched pages
 * cost nothing (MAP_NORESERVE), and the guard page below turns an overflow
 * into a fault. */
enum { LOOP_STACK_SIZE = 256 * 1024 };

struct event_loop;

/* One task in flight: a coroutine and the timer it waits on. */
struct loop_task {
    struct event_loop *loop;
    struct fiber fiber;
    struct worker_ctx ctx;
    int timer_fd;
    int waiting;      /* its timer is armed and it is suspended in loop_io_wait */
    int wait_result;  /* what loop_io_wait returns when it resumes: 0 or an errno value */
};

struct event_loop {
    const struct run_plan *plan;
    struct partial *partials;
    uint32_t next_task;     /* the queue the coroutines pull tasks from */
    int epoll_fd;
    struct fiber main;      /* the loop itself: the thread's own stack */
    struct loop_task *tasks;
    uint32_t ntasks;        /* coroutines: min(workers, tasks) */
    uint32_t live;          /* coroutines not yet finished */
    uint32_t *ready;        /* ring of coroutine indices ready to run */
    uint32_t ready_head, ready_count;
    uint32_t armed;         /* timers armed and not yet read */
    struct epoll_event *events;
    int error;              /* first errno value of a failed loop call, 0 if none */
    const char *error_what; /* which call */
    struct loop_stats stats;
};

static void loop_fail(struct event_loop *loop, int err, const char *what)
{
    if (loop->error == 0) {
        loop->error = err;
        loop->error_what = what;
    }
}

static void ready_push(struct event_loop *loop, uint32_t i)
{
    /* Each coroutine is in the ring at most once, so it never overflows. */
    loop->ready[(loop->ready_head + loop->ready_count) % loop->ntasks] = i;
    loop->ready_count++;
}

static uint32_t ready_pop(struct event_loop *loop)
{
    uint32_t i = loop->ready[loop->ready_head];

    loop->ready_head = (loop->ready_head + 1) % loop->ntasks;
    loop->ready_count--;
    return i;
}

/* A coroutine's life: take the next task from the queue until it is empty.
 * Under a GIL this would be a worker thread; here nothing preempts it, so
 * it runs its task until the task waits. */
static void loop_task_main(void *arg)
{
    struct loop_task *lt = arg;
    struct event_loop *loop = lt->loop;

    while (loop->next_task < loop->plan->tasks) {
        uint32_t t = loop->next_task++;

        task_run(loop->plan, t, &lt->ctx, &loop->partials[t]);
    }
    loop->live--;
    fiber_exit(&lt->fiber, &loop->main);
}

int loop_io_wait(struct loop_task *lt, uint64_t ns)
{
    struct event_loop *loop = lt->loop;
    /* it_interval zero: one expiry.  A zero it_value would disarm the
     * timer instead, so a zero wait returns at once, as asyncio.sleep(0)
     * only yields. */
    struct itimerspec when = {.it_value = {.tv_sec = (time_t)(ns / 1000000000u),
                                           .tv_nsec = (long)(ns % 1000000000u)}};

    /* Once the loop is broken, waits fail at once: the tasks run to their
     * end quickly, every coroutine finishes, and the run reports the error. */
    if (loop->error != 0)
        return loop->error;
    if (ns == 0)
        return 0;
    if (timerfd_settime(lt->timer_fd, 0, &when, NULL) != 0) {
        loop_fail(loop, errno, "timerfd_settime");
        return loop->error;
    }
    lt->waiting = 1;
    loop->armed++;
    loop->stats.waits++;
    if (loop->armed > loop->stats.max_armed)
        loop->stats.max_armed = loop->armed;
    /* Suspend: the loop resumes us when epoll reports the timer. */
    fiber_switch(&lt->fiber, &loop->main);
    return lt->wait_result;
}

/* Resumes a waiting coroutine's wait with `result` (0: it is over). */
static void wake(struct event_loop *loop, uint32_t i, int result)
{
    loop->tasks[i].waiting = 0;
    loop->tasks[i].wait_result = result;
    loop->armed--;
    ready_push(loop, i);
}

/* Blocks until at least one timer has fired and readies its coroutines. */
static void loop_poll(struct event_loop *loop)
{
    int n;

    loop->stats.epoll_waits++;
    if (loop->armed > loop->stats.max_armed_at_epoll)
        loop->stats.max_armed_at_epoll = loop->armed;
    /* -1: no timeout.  Every live coroutine is waiting on an armed timer
     * here, so some event always comes; a signal (EINTR) only restarts. */
    do
        n = epoll_wait(loop->epoll_fd, loop->events, (int)loop->ntasks, -1);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        /* No more events can be had: fail every wait, so the coroutines end. */
        loop_fail(loop, errno, "epoll_wait");
        for (uint32_t i = 0; i < loop->ntasks; i++)
            if (loop->tasks[i].waiting)
                wake(loop, i, loop->error);
        return;
    }
    for (int e = 0; e < n; e++) {
        uint32_t i = loop->events[e].data.u32;
        uint64_t expirations;
        ssize_t got = read(loop->tasks[i].timer_fd, &expirations, sizeof expirations);

        /* Reading the expiry count is what makes the timerfd unreadable
         * again (level-triggered epoll would report it forever). */
        if (got == (ssize_t)sizeof expirations)
            wake(loop, i, 0);
        else if (got < 0 && errno == EAGAIN)
            continue; /* not expired after all: leave it waiting */
        else {
            loop_fail(loop, got < 0 ? errno : EIO, "read of a timerfd");
            wake(loop, i, loop->error);
        }
    }
}

static void loop_run(struct event_loop *loop)
{
    for (uint32_t i = 0; i < loop->ntasks; i++)
        ready_push(loop, i);
    for (;;) {
        /* Run whatever can run; each switch returns here when that task
         * waits or its coroutine ends. */
        while (loop->ready_count > 0) {
            uint32_t i = ready_pop(loop);

            loop->stats.switches++;
            fiber_switch(&loop->main, &loop->tasks[i].fiber);
        }
        if (loop->live == 0)
            return;
        loop_poll(loop);
    }
}

/* Creates the epoll instance, a timerfd per coroutine registered with it,
 * and the coroutines.  On failure, what was made is left for loop_free. */
static int loop_open(struct event_loop *loop)
{
    loop->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (loop->epoll_fd < 0) {
        loop_fail(loop, errno, "epoll_create1");
        return -1;
    }
    for (uint32_t i = 0; i < loop->ntasks; i++) {
        struct loop_task *lt = &loop->tasks[i];
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = i};

        lt->loop = loop;
        lt->ctx.worker = i;
        lt->ctx.loop_task = lt;
        lt->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
        if (lt->timer_fd < 0) {
            loop_fail(loop, errno, "timerfd_create");
            return -1;
        }
        if (epoll_ctl(loop->epoll_fd, EPOLL_CTL_ADD, lt->timer_fd, &ev) != 0) {
            loop_fail(loop, errno, "epoll_ctl");
            return -1;
        }
        if (fiber_create(&lt->fiber, LOOP_STACK_SIZE, loop_task_main, lt, &loop->main) != 0) {
            loop_fail(loop, errno, "mmap of a coroutine stack");
            return -1;
        }
        loop->live++;
    }
    return 0;
}

static void loop_free(struct event_loop *loop)
{
    if (loop->tasks != NULL)
        for (uint32_t i = 0; i < loop->ntasks; i++) {
            if (fiber_destroy(&loop->tasks[i].fiber) != 0)
                loop_fail(loop, errno, "munmap of a coroutine stack");
            if (loop->tasks[i].timer_fd >= 0 && close(loop->tasks[i].timer_fd) != 0)
                loop_fail(loop, errno, "close of a timerfd");
        }
    if (loop->epoll_fd >= 0 && close(loop->epoll_fd) != 0)
        loop_fail(loop, errno, "close of the epoll descriptor");
    free(loop->tasks);
    free(loop->ready);
    free(loop->events);
    free(loop->partials);
}

int event_loop_run(const struct run_plan *plan, struct rep_result *result,
                   struct loop_stats *stats)
{
    struct event_loop loop = {.plan = plan, .epoll_fd = -1};
    int rc = 0;

    /* More coroutines than tasks would only find the queue empty. */
    loop.ntasks = plan->workers < plan->tasks ? plan->workers : plan->tasks;
    loop.stats.in_flight = loop.ntasks;
    loop.partials = calloc(plan->tasks, sizeof *loop.partials);
    loop.tasks = calloc(loop.ntasks, sizeof *loop.tasks);
    loop.ready = calloc(loop.ntasks, sizeof *loop.ready);
    loop.events = calloc(loop.ntasks, sizeof *loop.events);
    if (loop.partials == NULL || loop.tasks == NULL || loop.ready == NULL || loop.events == NULL) {
        loop_free(&loop);
        snprintf(result->error, sizeof result->error, "out of memory for %u tasks in flight",
                 loop.ntasks);
        return -1;
    }
    for (uint32_t i = 0; i < loop.ntasks; i++)
        loop.tasks[i].timer_fd = -1;
    fiber_init_thread(&loop.main);

    if (loop_open(&loop) == 0) {
        result->t_started = clock_now();
        loop_run(&loop);
        result->t_computed = clock_now();
        if (loop.error == 0)
            result->total = partials_combine(loop.partials, plan->tasks);
    }
    loop_free(&loop);
    if (loop.error != 0) {
        snprintf(result->error, sizeof result->error, "event loop: %s failed: %s",
                 loop.error_what, strerror(loop.error));
        rc = -1;
    }
    if (stats != NULL)
        *stats = loop.stats;
    return rc;
}
