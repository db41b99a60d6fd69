# example.py - what harness/pool/example.c does, in Python.
import multiprocessing


def square(x):
    return x * x


def on_done(result):
    print("callback:", result)


if __name__ == "__main__":
    ctx = multiprocessing.get_context("forkserver")  # the server starts with the first pool
    with ctx.Pool(2, maxtasksperchild=100) as pool:
        print(*pool.map(square, range(10), 2))
        for r in pool.imap_unordered(square, range(4)):
            print("as completed:", r)
        res = pool.apply_async(square, (7,), callback=on_done)
        print("apply_async:", res.get())
        pool.close()
        pool.join()
