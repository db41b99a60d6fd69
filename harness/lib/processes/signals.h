/* signals.h - interruption and the hung-worker watchdog.  This file owns
 * the process's signal dispositions and the only state they touch. */
#ifndef GILBENCH_SIGNALS_H
#define GILBENCH_SIGNALS_H

/* Installs SIGINT/SIGTERM/SIGALRM handlers with sigaction.  Returns 0 or -1. */
int signals_install(void);
/* The signal that asked us to stop (SIGINT or SIGTERM), or 0. */
int signals_interrupted(void);
/* In a freshly forked child: default dispositions again. */
void signals_reset_in_child(void);
/* Arms a watchdog: if not disarmed within `seconds`, prints `what` as a
 * hung-worker error and exits with status 1.  Results already written
 * are complete files (they are renamed into place), so nothing is lost. */
void watchdog_arm(double seconds, const char *what);
void watchdog_disarm(void);

#endif
