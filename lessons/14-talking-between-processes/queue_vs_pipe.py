"""queue_vs_pipe.py - what one message between two Python processes costs,
through multiprocessing.Pipe and multiprocessing.Queue, and what pickling
a record costs next to JSON.

A Pipe's send() pickles the object and writes it to the pipe (or socket)
at once; recv() reads and unpickles it.  A Queue's put() only appends the
object to a list in the sending process: a background "feeder" thread
pickles it and writes it to a pipe later (Lib/multiprocessing/queues.py),
so a Queue adds a thread hand-over to every message.  gilbench ipc
measures the same round trip in C, without pickle or threads.

    python3 queue_vs_pipe.py              # 5000 round trips per channel
    python3 queue_vs_pipe.py --quick      # 300 per batch
    python3 queue_vs_pipe.py --csv F      # also write what,median_us,min_us to F
"""
# lesson-test: --quick
import argparse
import json
import multiprocessing
import os
import pickle
import statistics
import time

# A record like the one `gilbench ipc` serialises: an id, a score, a name,
# tags and rows of integers.
RECORD = {"id": 42, "score": 0.5, "name": "sample", "tags": ["t%d" % i for i in range(100)],
          "rows": [[i, i + 1, i + 2, i + 3] for i in range(100)]}
PING = b"12345678"  # 8 bytes, gilbench ipc's smallest message


def echo_pipe(conn):
    """Child: send back whatever arrives, until None."""
    while (msg := conn.recv()) is not None:
        conn.send(msg)


def echo_queue(inbox, outbox):
    while (msg := inbox.get()) is not None:
        outbox.put(msg)


def batches_us(round_trip, n, batches=5):
    """Median over batches of the microseconds per round trip, and the best
    batch: a cross-CPU wake-up is fast or slow depending on where the
    scheduler put the two processes, so one batch can land in either mode."""
    per = []
    round_trip()  # warm-up: the child is up and the first pickles are done
    for _ in range(batches):
        t0 = time.perf_counter()
        for _ in range(n):
            round_trip()
        per.append((time.perf_counter() - t0) / n * 1e6)
    return statistics.median(per), min(per)


def measure_pipe(n):
    parent, child = multiprocessing.Pipe()  # duplex: a UNIX socket pair
    p = multiprocessing.Process(target=echo_pipe, args=(child,))
    p.start()

    def rt():
        parent.send(PING)
        parent.recv()
    try:
        return batches_us(rt, n)
    finally:
        parent.send(None)
        p.join()


def measure_queue(n):
    inbox, outbox = multiprocessing.Queue(), multiprocessing.Queue()
    p = multiprocessing.Process(target=echo_queue, args=(inbox, outbox))
    p.start()

    def rt():
        inbox.put(PING)   # returns at once: the feeder thread writes later
        outbox.get()
    try:
        return batches_us(rt, n)
    finally:
        inbox.put(None)
        p.join()


def measure_codec(encode, decode, n):
    def rt():
        decode(encode(RECORD))
    return batches_us(rt, n)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="300 round trips per batch instead of 5000")
    ap.add_argument("--csv", help="write what,median_us,min_us to this file")
    args = ap.parse_args()
    n = 300 if args.quick else 5000
    rows = [
        ("Pipe", *measure_pipe(n)),
        ("Queue", *measure_queue(n)),
        ("pickle", *measure_codec(lambda o: pickle.dumps(o, pickle.HIGHEST_PROTOCOL), pickle.loads, n)),
        ("json", *measure_codec(lambda o: json.dumps(o).encode(), json.loads, n)),
    ]
    sizes = {"pickle": len(pickle.dumps(RECORD, pickle.HIGHEST_PROTOCOL)), "json": len(json.dumps(RECORD))}
    print(f"{'what':<8} {'median':>10} {'best batch':>11}")
    for what, med, best in rows:
        extra = f"   (the record: {sizes[what]} bytes)" if what in sizes else ""
        print(f"{what:<8} {med:7.1f} us {best:8.1f} us{extra}")
    print("Pipe and Queue: one 8-byte round trip between two processes; pickle and json: "
          "encode + decode of the record, in one process.")
    if args.csv:
        tmp = args.csv + ".tmp"
        with open(tmp, "w") as f:
            f.write("what,median_us,min_us\n")
            for r in rows:
                f.write("%s,%.3f,%.3f\n" % r)
        os.replace(tmp, args.csv)


if __name__ == "__main__":
    main()
