/* compare.h - `gilbench compare RUN_A RUN_B [RUN_C ...]`: the same
 * configurations of several runs side by side, each later run against
 * the first, with a ratio of medians, its interval and a Mann-Whitney U
 * test; a teacher's laptops side by side, or a change checked. */
#ifndef GILBENCH_COMPARE_H
#define GILBENCH_COMPARE_H

int compare_main(int argc, char **argv);

#endif
