#!/usr/bin/env python3
"""Replicas: two worker processes take turns on the same conversations, keeping each conversation's state
between messages in a real Redis server, and the results must be exactly those of one process.

    tests/replica_test.py BUILD_DIR RULES_DIR MESSAGES.jsonl

Starts redis-server on a free loopback port (no persistence, its own temporary directory), starts two
examples/python/replica_worker.py processes, sends message i to worker i % 2 and waits for its answer (a
chat's messages are checked in order, as a backend would by routing or locking per chat), then compares
every answer with `chatguard check --conversation` over the same file. Redis and the workers are stopped
whatever happens (also on Ctrl-C), and the whole run is bounded in time.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEADLINE = time.monotonic() + 300  # the test stops itself after five minutes whatever happens


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_redis(port: int, proc: subprocess.Popen):
    while time.monotonic() < DEADLINE:
        if proc.poll() is not None:
            raise RuntimeError("redis-server exited with %s" % proc.returncode)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"*1\r\n$4\r\nPING\r\n")
                if s.recv(64).startswith(b"+PONG"):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError("redis-server did not answer")


def main():
    build, rules, messages = sys.argv[1:4]
    redis_bin = shutil.which("redis-server")
    if not redis_bin:
        sys.exit("replicas: redis-server is not installed (make deps installs it)")
    tmp = tempfile.mkdtemp(prefix="cg-replica.")
    procs = []

    def stop(*_):
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(tmp, ignore_errors=True)

    signal.signal(signal.SIGTERM, lambda *a: (stop(), sys.exit(1)))
    try:
        port = free_port()
        redis = subprocess.Popen([redis_bin, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                  "--appendonly", "no", "--dir", tmp, "--daemonize", "no", "--loglevel", "warning"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(redis)
        wait_for_redis(port, redis)
        env = dict(os.environ, CHATGUARD_LIBRARY=os.path.join(build, "libchatguard.so"), CHATGUARD_RULES_DIR=rules)
        worker = os.path.join(REPO, "examples", "python", "replica_worker.py")
        workers = []
        for _ in range(2):
            w = subprocess.Popen([sys.executable, worker, "--redis", "127.0.0.1:%d" % port], env=env,
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")
            procs.append(w)
            workers.append(w)
        lines = [l for l in open(messages, encoding="utf-8") if l.strip()]
        got = []
        for i, line in enumerate(lines):
            if time.monotonic() > DEADLINE:
                raise RuntimeError("replicas: out of time")
            w = workers[i % 2]
            w.stdin.write(line if line.endswith("\n") else line + "\n")
            w.stdin.flush()
            answer = w.stdout.readline()
            if not answer:
                raise RuntimeError("worker %d died on line %d" % (i % 2, i + 1))
            got.append(json.loads(answer))
        one = subprocess.run([os.path.join(build, "chatguard"), "check", "--conversation", "--rules", rules, messages],
                             capture_output=True, text=True, encoding="utf-8", timeout=120)
        if one.returncode != 0:
            raise RuntimeError("chatguard check --conversation failed: " + one.stderr)
        expected = [json.loads(l) for l in one.stdout.splitlines()]
        if len(expected) != len(got):
            raise RuntimeError("%d answers from the workers, %d from one process" % (len(got), len(expected)))
        diff = [(i, e, g) for i, (e, g) in enumerate(zip(expected, got)) if e != g]
        for i, e, g in diff[:5]:
            print("line %d:\n  one process: %s\n  replicas:    %s" % (i + 1, json.dumps(e, ensure_ascii=False),
                                                                    json.dumps(g, ensure_ascii=False)))
        cross = sum(1 for r in got for h in r["hits"] if "parts" in h)
        convs = len({json.dumps(r["conversation"]) for r in got})
        if diff:
            print("replicas: %d of %d answers differ from one process" % (len(diff), len(got)))
            return 1
        print("replicas: %d messages of %d conversations through 2 workers sharing state in Redis: identical to one "
              "process (%d cross-message hits)" % (len(got), convs, cross))
        return 0
    finally:
        stop()


if __name__ == "__main__":
    sys.exit(main())
