/* nop.c - gilbench-nop: a program that does nothing and exits 0.
 *
 * `gilbench startup` starts it with posix_spawn and with fork + exec to
 * measure what starting a process costs, and nothing else.  It is linked
 * statically so that the measurement contains no dynamic loader: no
 * search for shared libraries, no relocations, no extra mappings.  What is
 * left is the kernel's work (a new address space, loading one ELF file)
 * plus libc's few microseconds of start-up.
 *
 * Built by the Makefile as bin/gilbench-nop, next to bin/gilbench, where
 * `gilbench startup` looks for it. */
int main(void)
{
    return 0;
}
