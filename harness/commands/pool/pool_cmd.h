/* pool_cmd.h - `gilbench pool`: what a process pool costs per task, per
 * start method and queue, and how map, imap and imap_unordered, chunksize
 * and maxtasksperchild change what the caller sees. */
#ifndef GILBENCH_POOL_CMD_H
#define GILBENCH_POOL_CMD_H

int pool_main(int argc, char **argv);

#endif
