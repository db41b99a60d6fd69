/* startup.h - `gilbench startup`: what it costs to start a thread, a
 * process or a pool, and how that grows with the parent's memory. */
#ifndef GILBENCH_STARTUP_H
#define GILBENCH_STARTUP_H

int startup_main(int argc, char **argv);

#endif
