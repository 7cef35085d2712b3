"""A tiny origin for bench/large-bodies.sh: streams N bytes on GET /bytes/N, and on POST reads the
whole request body (Content-Length or chunked) before answering with its length, so an upload
really passes through the proxy end to end. Memory stays flat: bodies are never held whole."""
import asyncio
import sys

CHUNK = b"\0" * 65536


async def read_body(reader, headers):
    total = 0
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readline()).split(b";")[0].strip(), 16)
            if size == 0:
                while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                    pass
                return total
            remaining = size
            while remaining:
                data = await reader.read(min(remaining, 1 << 20))
                if not data:
                    raise ConnectionError("truncated chunk")
                remaining -= len(data)
            total += size
            await reader.readline()
    remaining = int(headers.get("content-length", "0"))
    while remaining:
        data = await reader.read(min(remaining, 1 << 20))
        if not data:
            raise ConnectionError("truncated body")
        remaining -= len(data)
        total += len(data)
    return total


async def handle(reader, writer):
    try:
        while True:
            request_line = await reader.readline()
            if not request_line:
                return
            method, target, _ = request_line.decode("latin-1").split(" ", 2)
            headers = {}
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b"\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                headers[name.strip().lower()] = value.strip()
            if method == "POST":
                body = str(await read_body(reader, headers)).encode()
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
                await writer.drain()
                continue
            size = int(target.rsplit("/", 1)[-1]) if target.startswith("/bytes/") else 2
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % size)
            while size:
                piece = CHUNK if size >= len(CHUNK) else CHUNK[:size]
                writer.write(piece)
                size -= len(piece)
                await writer.drain()
    except (ConnectionError, ValueError):
        pass
    finally:
        writer.close()


async def main(port):
    server = await asyncio.start_server(handle, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


asyncio.run(main(int(sys.argv[1])))
