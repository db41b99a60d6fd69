/* images.h - `gilbench images`: the tutorials' batch photo job. */
#ifndef GILBENCH_IMAGES_H
#define GILBENCH_IMAGES_H

int images_main(int argc, char **argv);

#endif
