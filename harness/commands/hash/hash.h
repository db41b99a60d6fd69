/* hash.h - `gilbench hash`: SHA-256 of files, sha256sum's format. */
#ifndef GILBENCH_HASH_H
#define GILBENCH_HASH_H

int hash_main(int argc, char **argv);

#endif
