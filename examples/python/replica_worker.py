#!/usr/bin/env python3
"""A moderation worker that keeps no conversation in memory: any replica continues any conversation.

For each message (one JSON object per line on stdin, as for `chatguard check --conversation`) the worker
takes the conversation's state from Redis, continues the conversation with it, checks the message and puts
the new state back before it answers (one JSON line on stdout, in the CLI's output format). Run several
of these against one Redis and send each message to any of them: the results are those of one process.

    python3 replica_worker.py --redis 127.0.0.1:6379 < messages.jsonl

Standard library only: Redis is spoken to with a few lines of its protocol (RESP) over a socket. A real
backend would also take a lock per conversation (or route a chat's messages to one queue) so that two
messages of one chat are never checked at the same time; here the driver sends them one after another.
"""
import argparse
import json
import os
import socket
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bindings", "python"))
import chatguard  # noqa: E402


class Redis:
    """The few Redis commands a worker needs, over one connection."""

    def __init__(self, host: str, port: int, timeout: float = 5.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buf = b""

    def command(self, *args: bytes):
        out = b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args)
        self.sock.sendall(out)
        return self._reply()

    def _line(self) -> bytes:
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("redis closed the connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _exact(self, n: int) -> bytes:
        while len(self.buf) < n + 2:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("redis closed the connection")
            self.buf += chunk
        data, self.buf = self.buf[:n], self.buf[n + 2:]
        return data

    def _reply(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest
        if kind == b"-":
            raise RuntimeError("redis: " + rest.decode(errors="replace"))
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self._exact(n)
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self._reply() for _ in range(n)]
        raise RuntimeError("redis: unexpected reply %r" % line[:40])

    def get(self, key: bytes):
        return self.command(b"GET", key)

    def set(self, key: bytes, value: bytes):
        return self.command(b"SET", key, value)


def output(msg: dict, result: chatguard.Result) -> dict:
    """The CLI's output line for one message."""
    hits = []
    for h in result.hits:
        hit = {"category": h.category, "rule": h.rule, "severity": h.severity, "start": h.start, "end": h.end,
               "text": h.text, "action": h.action, "sanction": h.sanction}
        if h.parts:
            hit["parts"] = [{"message": p.message, "start": p.start, "end": p.end} for p in h.parts]
        hits.append(hit)
    out = {"id": msg.get("id"), "conversation": msg["conversation"], "message": result.message,
           "action": result.action, "sanction": result.sanction, "fine_rub": result.fine_rub,
           "categories": result.categories, "hits": hits, "masked": result.masked}
    if result.warnings:
        out["warnings"] = result.warnings
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--redis", default="127.0.0.1:6379", help="host:port of the Redis server")
    ap.add_argument("--profile", default="wb")
    ap.add_argument("--prefix", default="chatguard:conversation:", help="key prefix of the states")
    args = ap.parse_args()
    host, port = args.redis.rsplit(":", 1)
    redis = Redis(host, int(port))
    engine = chatguard.Engine(profile=args.profile)
    for line in sys.stdin:
        if not line.strip():
            continue
        msg = json.loads(line)
        key = args.prefix.encode() + json.dumps(msg["conversation"], ensure_ascii=False).encode()
        state = redis.get(key)
        conv = chatguard.Conversation.deserialize(engine, state) if state else engine.conversation()
        result = conv.check(msg["text"], role=msg.get("role", "seller"), channel=msg.get("channel", "chat"),
                            prior_violations=msg.get("prior_violations", 0))
        redis.set(key, conv.serialize())
        conv.close()
        sys.stdout.write(json.dumps(output(msg, result), ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
