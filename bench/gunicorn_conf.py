"""gunicorn hooks for bench/run.py: count the requests the workers start and finish.

Each worker writes its two counters into its own 16-byte slot of a small file
(BENCH_COUNTER_FILE, created by bench/run.py) that it maps into memory, so
counting costs no system call and no lock. bench/run.py sums the slots to know
when the server is idle and exactly how many requests its CPU time paid for,
including requests wrk gave up on when its time ran out.
"""

import mmap
import os
import struct

SLOTS = 256
SLOT = struct.Struct("<QQ")  # started, finished

_counters: mmap.mmap | None = None
_offset = 0
_started = 0
_finished = 0


def post_fork(server, worker):
    global _counters, _offset
    path = os.environ.get("BENCH_COUNTER_FILE")
    if not path:
        return
    descriptor = os.open(path, os.O_RDWR)
    try:
        _counters = mmap.mmap(descriptor, SLOTS * SLOT.size)
    finally:
        os.close(descriptor)
    _offset = (worker.age % SLOTS) * SLOT.size


def pre_request(worker, req):
    global _started
    _started += 1
    if _counters is not None:
        SLOT.pack_into(_counters, _offset, _started, _finished)


def post_request(worker, req, environ, resp):
    global _finished
    _finished += 1
    if _counters is not None:
        SLOT.pack_into(_counters, _offset, _started, _finished)
