/* trace.h - the GIL's event trace (trace.c): who asked for, took and
 * released the GIL, and when.  Off unless a run asks for it (--trace). */
#ifndef GILBENCH_TRACE_H
#define GILBENCH_TRACE_H

#include <stddef.h>

#include "gil/gil.h"

/* Records one event with the current time when tracing; else nothing. */
void gil_trace_event(struct gil_thread *t, enum gil_event ev);
const char *gil_event_name(enum gil_event ev);
/* Writes the events of threads[0..n) as CSV `time_s,thread,event`, in time
 * order, times relative to `t0`, atomically.  Returns 0 or -1 (errno). */
int gil_trace_write(const char *path, struct gil_thread *threads, size_t stride, size_t n, double t0);
void gil_trace_free(struct gil_trace *trace);


#endif
