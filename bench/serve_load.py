"""Bounded load test of ``dateline serve`` on loopback: requests/s and p50/p99 latency per endpoint.

Starts the real server (``dateline serve``) in a subprocess on a free 127.0.0.1 port, warms the
timeline cache, then runs each scenario for a fixed duration with C concurrent asyncio clients
(httpx), each sending its next request as soon as the previous one is answered (closed loop).
Nothing leaves the machine. The client shares the CPU with the server; on a 2-core box that is part
of what is measured.

    # the store: TempEval-3 silver (2,452 articles); annotate takes ~20 min on 2 cores
    dateline ingest ../shared/data/tempeval3/silver --db /tmp/silver.db
    dateline annotate --db /tmp/silver.db
    .venv/bin/python bench/serve_load.py --db /tmp/silver.db [--duration 20] [--concurrency 16] [--workers 1]

The load client is wrk (Debian package ``wrk``) when installed, else an httpx/asyncio client; a Python
client tops out well below the server on this machine, so its numbers measure the client, not the app.
Printed per scenario: requests, req/s, p50/p99/max latency, errors (non-200 or socket errors) and the
server's CPU time per request (load-independent, unlike latency on a shared machine).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_plus

import httpx
import psutil

SEARCH_QUERIES = ["president", "police", "market", "oil", "election", "court", "bank", "war", "Iraq",
                  "Clinton", "government", "prices", "\"prime minister\"", "killed", "agreement", "strike"]
TIMELINE_QUERIES = ["Iraq", "Clinton", "oil"]
UNCACHED_WORDS = ["minister", "army", "vote", "trade", "rebels", "talks", "company", "report", "peace",
                  "budget", "school", "storm", "China", "Russia", "Israel", "dollar", "profit", "deal"]


@dataclass
class Result:
    scenario: str
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    error_samples: list[str] = field(default_factory=list)
    server_cpu_s: float = 0.0  # CPU time the server process used during the scenario

    def summary(self) -> dict[str, float | int | str]:
        lat = sorted(self.latencies_ms)

        def pct(p: float) -> float:
            return round(lat[min(len(lat) - 1, int(p / 100 * len(lat)))], 1) if lat else float("nan")

        return {
            "scenario": self.scenario, "requests": self.requests, "errors": self.errors,
            "req_per_s": round(self.requests / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": pct(50), "p99_ms": pct(99), "max_ms": round(lat[-1], 1) if lat else float("nan"),
            # load-independent cost: server CPU per request (the machine is shared, latency is not)
            "server_cpu_ms_per_req": round(1000 * self.server_cpu_s / max(self.requests, 1), 2),
        }


def cpu_seconds(proc: psutil.Process) -> float:
    """User + system CPU of the server and its worker processes."""
    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-c", "from dateline.cli import main; main()", "serve", "--db", str(db),
           "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"dateline serve exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"dateline serve did not answer on 127.0.0.1:{port} within 60 s")


async def run_scenario(base: str, name: str, paths: list[str], duration: float, concurrency: int,
                       seed: int = 0) -> Result:
    result = Result(name)
    rng = random.Random(seed)
    stop = time.monotonic() + duration
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        async def worker() -> None:
            while time.monotonic() < stop:
                path = rng.choice(paths)
                t0 = time.perf_counter()
                try:
                    r = await client.get(path)
                    ok = r.status_code == 200
                    detail = f"{r.status_code} {path}"
                except httpx.HTTPError as e:
                    ok, detail = False, f"{type(e).__name__} {path}"
                result.latencies_ms.append((time.perf_counter() - t0) * 1000)
                result.requests += 1
                if not ok:
                    result.errors += 1
                    if len(result.error_samples) < 5:
                        result.error_samples.append(detail)

        t_start = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        result.seconds = time.monotonic() - t_start
    return result


def _ms(value: str) -> float:
    """wrk's latency strings (850.00us, 12.34ms, 1.20s) in milliseconds."""
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value)
    if not m:
        return float("nan")
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[m.group(2)]


def run_wrk(base: str, name: str, paths: list[str], duration: float, concurrency: int) -> dict:
    """The same closed-loop scenario with wrk (C, two threads), so the load client is not the bottleneck."""
    lua = "paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n" + (
        "counter = 0\n"
        "request = function()\n"
        "  counter = counter + 1\n"
        "  return wrk.format('GET', paths[(counter % #paths) + 1])\n"
        "end\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(lua)
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{concurrency}", f"-d{int(duration)}s", "--latency", "-s", f.name, base + "/"],
            capture_output=True, text=True, check=True, timeout=duration + 60,
        ).stdout
    finally:
        os.unlink(f.name)
    pct = dict(re.findall(r"^\s*(50|75|90|99)%\s+(\S+)\s*$", out, re.M))
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)
    max_lat = re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", out)
    if "99" not in pct:
        print(f"warning: could not read wrk's latency distribution for {name}:\n{out}", file=sys.stderr)
    return {
        "scenario": name, "requests": total, "errors": errors,
        "req_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50_ms": round(_ms(pct.get("50", "")), 1), "p99_ms": round(_ms(pct.get("99", "")), 1),
        "max_ms": round(_ms(max_lat.group(1)), 1) if max_lat else float("nan"),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True, help="store to serve (e.g. tempeval3 silver ingested)")
    ap.add_argument("--duration", type=float, default=20.0, help="seconds per scenario")
    ap.add_argument("--concurrency", type=int, default=16, help="concurrent clients")
    ap.add_argument("--method", default="default", help="timeline method for the timeline scenario")
    ap.add_argument("--client", choices=["auto", "wrk", "httpx"], default="auto",
                    help="load client: wrk (Debian, C) or Python httpx; auto = wrk if installed")
    ap.add_argument("--only", help="run only the scenarios whose name contains this text")
    ap.add_argument("--workers", type=int, default=1, help="dateline serve --workers")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db}: no such store")

    use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk") is not None)
    if args.client == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk: not installed (apt-get install wrk), or use --client httpx")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(args.db, port, args.workers)
    server = psutil.Process(proc.pid)
    load_before = os.getloadavg()
    try:
        timeline_paths = [
            f"/timeline?q={quote_plus(q)}&T=10&N=2&method={args.method}" for q in TIMELINE_QUERIES
        ]
        cold: dict[str, float] = {}
        for p in timeline_paths:  # fill the cache; the first build is the uncached cost
            t0 = time.perf_counter()
            r = httpx.get(base + p, timeout=600)
            cold[p] = round((time.perf_counter() - t0) * 1000, 1)
            if r.status_code != 200:
                print(f"warning: warm-up {p} -> {r.status_code}: {r.text[:200]}", file=sys.stderr)
        scenarios = {
            "timeline page (cached)": timeline_paths,
            "timeline api (cached)": [p.replace("/timeline?", "/api/timeline?") for p in timeline_paths],
            "search page": [f"/search?q={quote_plus(q)}" for q in SEARCH_QUERIES],
            "search api": [f"/api/search?q={quote_plus(q)}&limit=20" for q in SEARCH_QUERIES],
            "article page": ["/search"],  # replaced below by real article ids
        }
        # Distinct two-word queries defeat the server's search cache: the cost of a fresh BM25 ranking.
        rnd = random.Random(1)
        words = [w.strip('"') for w in SEARCH_QUERIES if " " not in w] + UNCACHED_WORDS
        scenarios["search page (uncached)"] = [
            f"/search?q={a}+OR+{b}&offset={rnd.choice([0, 20, 40])}" for a in words for b in words if a < b
        ]
        ids = [x["id"] for x in httpx.get(base + "/api/search?limit=100", timeout=30).json()["results"]]
        scenarios["article page"] = [f"/article/{i}" for i in ids] or ["/search"]
        results = []
        for name, paths in scenarios.items():
            if args.only and args.only not in name:
                continue
            cpu0 = cpu_seconds(server)
            if use_wrk:
                summary = run_wrk(base, name, paths, args.duration, args.concurrency)
                cpu = cpu_seconds(server) - cpu0
                summary["server_cpu_ms_per_req"] = round(1000 * cpu / max(summary["requests"], 1), 2)
            else:
                res = asyncio.run(run_scenario(base, name, paths, args.duration, args.concurrency))
                res.server_cpu_s = cpu_seconds(server) - cpu0
                summary = res.summary()
                for e in res.error_samples:
                    print(f"  error sample: {e}", file=sys.stderr)
            results.append(summary)
            print(json.dumps(summary), flush=True)
        print(f"\ncold (uncached) timeline builds, ms: {json.dumps(cold)}")
        load = (load_before, os.getloadavg())
        print(f"\nclient: {'wrk' if use_wrk else 'httpx'}; server workers: {args.workers}")
        print(f"load average (1/5/15 min) before {load[0]}, after {load[1]}; {os.cpu_count()} CPUs")
        print(f"\n| scenario ({args.concurrency} clients, {args.duration:.0f} s) | requests | req/s | p50 ms "
              "| p99 ms | max ms | errors | server CPU ms/req |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for s in results:
            print(f"| {s['scenario']} | {s['requests']} | {s['req_per_s']} | {s['p50_ms']} | {s['p99_ms']} "
                  f"| {s['max_ms']} | {s['errors']} | {s['server_cpu_ms_per_req']} |")
        if args.json:
            args.json.write_text(json.dumps({
                "db": str(args.db), "duration": args.duration, "concurrency": args.concurrency,
                "cold_ms": cold, "loadavg_before": load[0], "loadavg_after": load[1],
                "client": "wrk" if use_wrk else "httpx", "results": results,
            }, indent=2))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
