/* granularity.h - `gilbench granularity`: how long one task must take
 * before running tasks in parallel beats running them in a loop. */
#ifndef GILBENCH_GRANULARITY_H
#define GILBENCH_GRANULARITY_H

int granularity_main(int argc, char **argv);

#endif
