/* signals.c - see signals.h.
 *
 * Processes started in the background by make or a shell's `&` begin with
 * SIGINT ignored; sigaction replaces that disposition, so Ctrl-C and
 * SIGTERM reach us either way.  The handlers only set a flag: the suite
 * checks it between repetitions, and the fork mode checks it while it
 * waits for children (poll() returns EINTR), kills and reaps them.
 *
 * A hung worker thread cannot be cancelled safely, so the watchdog ends
 * the whole process from its SIGALRM handler with _exit(), using only
 * async-signal-safe calls.  Children in `fork` are not affected: alarms
 * are not inherited across fork, and that mode has its own deadline.
 */
#include "lib/processes/signals.h"

#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t interrupt_signal = 0;
static char watchdog_message[512];
static size_t watchdog_message_len;

/* The first signal asks politely: the run stops after the repetition in
 * progress (a process mode stops at once), with everything measured so far
 * saved.  A second one, from an impatient user or a supervisor that gave
 * up waiting, ends the process at once. */
static void on_interrupt(int sig)
{
    static const char msg[] = "gilbench: interrupted again; exiting now\n";
    ssize_t n;

    if (interrupt_signal != 0) {
        n = write(STDERR_FILENO, msg, sizeof msg - 1);
        (void)n;
        _exit(128 + sig);
    }
    interrupt_signal = sig;
}

static void on_alarm(int sig)
{
    ssize_t n;

    (void)sig;
    n = write(STDERR_FILENO, watchdog_message, watchdog_message_len);
    (void)n; /* nothing more can be done from here */
    _exit(1);
}

int signals_install(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_interrupt;
    if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0)
        return -1;
    sa.sa_handler = on_alarm;
    return sigaction(SIGALRM, &sa, NULL);
}

int signals_interrupted(void)
{
    return interrupt_signal;
}

void signals_reset_in_child(void)
{
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGALRM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL); /* parent gone: die rather than compute for nobody */
}

static void watchdog_set(double seconds)
{
    struct itimerval it;

    memset(&it, 0, sizeof it);
    it.it_value.tv_sec = (time_t)seconds;
    it.it_value.tv_usec = (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6);
    /* Cannot fail with a valid, non-negative timer value. */
    (void)setitimer(ITIMER_REAL, &it, NULL);
}

void watchdog_arm(double seconds, const char *what)
{
    size_t len = strlen(what);

    if (len > sizeof watchdog_message - 2)
        len = sizeof watchdog_message - 2;
    memcpy(watchdog_message, what, len);
    watchdog_message[len] = '\n';
    watchdog_message_len = len + 1;
    watchdog_set(seconds);
}

void watchdog_disarm(void)
{
    watchdog_set(0.0);
}
