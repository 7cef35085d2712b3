"""Idle keep-alive clients for bench/extra.sh (workload "idle").

Opens COUNT connections to 127.0.0.1:PORT, at most BATCH at a time so that a proxy never needs more
than BATCH member connections at once; on each sends one GET / (keep-alive) and reads the whole
response; then holds every connection open and idle. It writes to STATUS_FILE

    ready opened=N failed=M        once all attempts finished (M: refused, reset, timed out, not 200)
    done still_open=K              on SIGTERM or after HOLD seconds, K being the connections the
                                   proxy had not closed by then

and exits. With HOLD 0 it closes the connections as soon as they have been answered (a warm-up).

    python3 bench/idle_clients.py PORT HOST COUNT BATCH HOLD STATUS_FILE
"""
import asyncio
import signal
import sys

STEP_TIMEOUT = 10.0


async def open_one(port, request, limit):
    async with limit:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), STEP_TIMEOUT)
        try:
            writer.write(request)
            await asyncio.wait_for(writer.drain(), STEP_TIMEOUT)
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), STEP_TIMEOUT)
            status = head.split(b"\r\n", 1)[0]
            if not status.startswith(b"HTTP/1.1 200"):
                raise ConnectionError(status.decode("latin-1"))
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            await asyncio.wait_for(reader.readexactly(length), STEP_TIMEOUT)
        except BaseException:
            writer.close()
            raise
        return reader, writer


async def main():
    port, host, count, batch, hold, status_file = (
        int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6])
    request = ("GET / HTTP/1.1\r\nHost: %s\r\n\r\n" % host).encode("ascii")
    limit = asyncio.Semaphore(batch)
    results = await asyncio.gather(*(open_one(port, request, limit) for _ in range(count)), return_exceptions=True)
    opened = [r for r in results if not isinstance(r, BaseException)]
    failures = [r for r in results if isinstance(r, BaseException)]
    if failures:
        print("first failure: %r" % failures[0], file=sys.stderr)
    with open(status_file, "a") as status:
        status.write("ready opened=%d failed=%d\n" % (len(opened), len(failures)))

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    if hold > 0:
        try:
            await asyncio.wait_for(stop.wait(), hold)
        except asyncio.TimeoutError:
            pass

    # A connection the proxy closed has delivered its EOF to the reader by now.
    still_open = sum(1 for reader, _ in opened if not reader.at_eof())
    for _, writer in opened:
        writer.close()
    with open(status_file, "a") as status:
        status.write("done still_open=%d\n" % still_open)


asyncio.run(main())
