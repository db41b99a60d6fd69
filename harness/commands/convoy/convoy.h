/* convoy.h - `gilbench convoy`: an I/O-bound thread beside a CPU-bound one. */
#ifndef GILBENCH_CONVOY_H
#define GILBENCH_CONVOY_H

int convoy_main(int argc, char **argv);

#endif
