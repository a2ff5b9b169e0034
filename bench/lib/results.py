#!/usr/bin/env python3
"""Helpers for bench/run.sh (Python 3.11 standard library only).

Subcommands:
  to-tsv IN.jsonl OUT.tsv      generator request lines -> the tab-separated form post_lines.lua reads
  machine OUT.json KEY=VALUE.. write machine.json (values that look numeric become numbers)
  record [options]             one measurement -> one JSON line on stdout (appended to records.jsonl)
  collect OUT_DIR              records.jsonl -> results.json, with references and ratios

Raw tool output is parsed here rather than in bash so that the parsing is testable and a failed or
missing measurement becomes null ("not measured"), never a made-up number.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

# Scenario -> (reference scenario, what the ratio means). Both at the same backend and concurrency.
REFERENCES = {
    "read_case": "static",
    "search": "static",
    "record_results": "insert_ref",
}


def to_tsv(src: str, dst: str) -> None:
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f"{src}:{n}: not JSON: {e}")
            headers = r.get("headers") or {}
            for k, v in headers.items():
                if any(c in f"{k}{v}" for c in "\t\n\r\x1f"):
                    sys.exit(f"{src}:{n}: header {k!r} has a control character")
            body = r.get("body")
            # ensure_ascii keeps the body free of tabs and newlines (they are escaped), so one
            # request stays one line for the Lua side.
            body_s = "" if body is None else json.dumps(body, separators=(",", ":"), ensure_ascii=True)
            h = "\x1f".join(f"{k}: {v}" for k, v in headers.items())
            out.write(f"{r.get('method', 'POST')}\t{r['path']}\t{h}\t{body_s}\n")


def _num(v: str):
    try:
        return int(v)
    except ValueError:
        pass
    try:
        return float(v)
    except ValueError:
        return v


def machine(dst: str, pairs: list[str]) -> None:
    m = {}
    for p in pairs:
        k, _, v = p.partition("=")
        v = v.strip()
        m[k] = None if v == "" else _num(v) if k in {"nproc", "mem_total_kib", "clk_tck"} else v
    Path(dst).write_text(json.dumps(m, indent=2) + "\n", encoding="utf-8")


def _pct(obj, *names):
    """A percentile from a latency object that may be {"p50":..} / {"50":..} / a number."""
    if obj is None:
        return None
    if isinstance(obj, (int, float)):
        return None
    for n in names:
        if n in obj and isinstance(obj[n], (int, float)):
            return float(obj[n])
    return None


def _last_json(text: str, prefix: str = ""):
    for line in reversed(text.splitlines()):
        line = line.strip()
        if prefix:
            if not line.startswith(prefix):
                continue
            line = line[len(prefix):].strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                continue
    # assize-bench may pretty-print: try the whole text from the first brace.
    if not prefix and "{" in text:
        try:
            return json.loads(text[text.index("{"):])
        except json.JSONDecodeError:
            return None
    return None


def _parse_wrk(text: str, rec: dict) -> None:
    j = _last_json(text, "BENCHJSON")
    if j is None:
        rec["note"] = "no BENCHJSON line in wrk output"
        return
    rec["tool"] = j
    secs = j.get("seconds") or j.get("duration_s")
    req = j.get("requests")
    e = j.get("errors", {})
    non2xx = e.get("status", 0)
    sock = sum(e.get(k, 0) for k in ("connect", "read", "write", "timeout"))
    rec.update(
        requests=req,
        seconds=secs,
        rps=(req / secs) if secs else None,
        ok_rps=((req - non2xx) / secs) if secs else None,
        p50_ms=_pct(j.get("latency_ms"), "p50"),
        p99_ms=_pct(j.get("latency_ms"), "p99"),
        p999_ms=_pct(j.get("latency_ms"), "p999"),
        non_2xx=non2xx,
        socket_errors=sock,
        errors=non2xx + sock,
    )
    if req == 0:
        # wrk's percentiles of an empty histogram are 0, which would read as "very fast".
        rec.update(p50_ms=None, p99_ms=None, p999_ms=None, rps=None, ok_rps=None)
    if j.get("threads_exhausted"):
        rec["exhausted"] = True
        rec["note"] = (
            f"lines ran out in {j['threads_exhausted']} wrk thread(s): rate over "
            f"{secs:.2f}s from first request to last response, not the -d duration"
        )


def _nearest_rank(sorted_vals: list, q: float):
    """The smallest sample with at least q of all samples at or below it (as assize-bench)."""
    if not sorted_vals:
        return None
    import math
    rank = max(1, min(len(sorted_vals), math.ceil(q * len(sorted_vals))))
    return sorted_vals[rank - 1]


def _pgbench_log_latencies(prefix: str | None) -> list:
    """Per-transaction latencies (ms) from pgbench -l logs: field 3 is the latency in µs."""
    if not prefix:
        return []
    lat = []
    p = Path(prefix)
    for f in sorted(p.parent.glob(p.name + ".*")):
        for line in f.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split()
            if len(parts) >= 3 and parts[2].isdigit():
                lat.append(int(parts[2]) / 1000)
    lat.sort()
    return lat


def _parse_pgbench(text: str, rec: dict, log_prefix: str | None = None) -> None:
    tool = {}
    m = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", text)
    if m is None:
        m = re.search(r"tps = ([0-9.]+)", text)
    if m:
        tool["tps"] = float(m.group(1))
    m = re.search(r"number of transactions actually processed: (\d+)", text)
    if m:
        tool["transactions"] = int(m.group(1))
    m = re.search(r"latency average = ([0-9.]+) ms", text)
    if m:
        tool["latency_average_ms"] = float(m.group(1))
    m = re.search(r"number of failed transactions: (\d+)", text)
    if m:
        tool["failed"] = int(m.group(1))
    m = re.search(r"duration: (\d+) s", text)
    if m:
        tool["duration_s"] = int(m.group(1))
    rec["tool"] = tool
    rec.update(
        requests=tool.get("transactions"),
        seconds=tool.get("duration_s"),
        rps=tool.get("tps"),
        ok_rps=tool.get("tps"),
        errors=tool.get("failed", 0) if "tps" in tool else None,
    )
    if "tps" not in tool:
        rec["note"] = "no tps in pgbench output"
        return
    lat = _pgbench_log_latencies(log_prefix)
    if lat:
        rec.update(
            p50_ms=_nearest_rank(lat, 0.50),
            p99_ms=_nearest_rank(lat, 0.99),
            p999_ms=_nearest_rank(lat, 0.999),
        )


def _parse_tool_json(text: str, rec: dict, scenario: str) -> None:
    j = _last_json(text)
    if j is None:
        rec["note"] = "no JSON in assize-bench output"
        return
    rec["tool"] = j
    if scenario in ("insert_ref", "insert_ref_sqlx"):
        cps = j.get("commits_per_second")
        lat = j.get("latency_ms")
        rec.update(
            rps=cps,
            ok_rps=cps,
            requests=j.get("commits"),
            seconds=j.get("elapsed_seconds") or j.get("seconds"),
            p50_ms=_pct(lat, "p50", "50", "median"),
            p99_ms=_pct(lat, "p99", "99"),
            p999_ms=_pct(lat, "p999", "p99.9", "p99_9", "99.9"),
            errors=j.get("errors", 0),
        )
    elif scenario == "lists":
        rec.update(
            seconds=j.get("total_seconds"),
            requests=j.get("courts"),
            errors=j.get("errors"),
        )
        # Non-2xx lists are errors too, not fast answers.
        sc = j.get("status_counts") or {}
        non2xx = sum(v for k, v in sc.items() if not str(k).startswith("2"))
        rec["non_2xx"] = non2xx
        if rec["errors"] is not None:
            rec["errors"] += non2xx
        lat = j.get("latency_ms")
        rec.update(
            p50_ms=_pct(lat, "p50", "50", "median"),
            p99_ms=_pct(lat, "p99", "99"),
            p999_ms=_pct(lat, "p999", "p99.9", "p99_9", "99.9"),
        )
        if rec["seconds"] and rec["requests"]:
            rec["rps"] = rec["requests"] / rec["seconds"]
            rec["ok_rps"] = (rec["requests"] - rec["errors"]) / rec["seconds"] if rec["errors"] is not None else None
    elif scenario == "sse":
        lat = j.get("latency_from_ack_ms")
        rec.update(
            p50_ms=_pct(lat, "p50", "50", "median"),
            p99_ms=_pct(lat, "p99", "99"),
            p999_ms=_pct(lat, "p999", "p99.9", "p99_9", "99.9"),
            requests=j.get("deliveries"),
            errors=(j.get("request_errors") or 0) + (j.get("missing") or 0) + (j.get("dropped_streams") or 0),
        )
        rec["writes"] = j.get("requests")
        for k in ("subscribers", "connected", "expected_deliveries", "missing",
                  "resyncs", "dropped_streams", "request_errors", "before_ack"):
            if k in j:
                rec[k] = j[k]
    else:
        rec.update(requests=j.get("requests"), seconds=j.get("seconds"), errors=j.get("errors"))


def _parse_time_v(text: str) -> dict:
    out = {}
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    if m:
        out["peak_rss_mib"] = int(m.group(1)) / 1024
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([0-9:.]+)", text)
    if m:
        secs = 0.0
        for part in m.group(1).split(":"):
            secs = secs * 60 + float(part)
        out["wall_seconds"] = secs
    m = re.search(r"Exit status: (\d+)", text)
    if m:
        out["exit_status"] = int(m.group(1))
    return out


def record(a: argparse.Namespace) -> None:
    rec = {
        "backend": a.backend,
        "scenario": a.scenario,
        "concurrency": a.concurrency,
        "requests": None,
        "seconds": None,
        "rps": None,
        "ok_rps": None,
        "p50_ms": None,
        "p99_ms": None,
        "p999_ms": None,
        "errors": None,
        "server_cpu_pct": None,
        "server_peak_rss_mib": None,
        "machine_cpu_pct": None,
        "wall_seconds": a.wall,
        "exit_status": a.rc,
    }
    text = ""
    if a.raw and Path(a.raw).exists():
        text = Path(a.raw).read_text(encoding="utf-8", errors="replace")
        rec["raw"] = a.raw
    if a.rc != 0 and a.raw:
        rec["note"] = f"command failed with exit status {a.rc} (see {a.raw}.err)"
    if a.rc != 0 and not (a.kind == "json" and a.rc == 3):
        # Exit status 3 is assize-bench's "incomplete run, figures printed anyway": keep them,
        # flagged by the note; any other failure measured nothing.
        pass
    elif a.kind == "wrk":
        _parse_wrk(text, rec)
    elif a.kind == "pgbench":
        _parse_pgbench(text, rec, a.pglog)
    elif a.kind == "json":
        _parse_tool_json(text, rec, a.scenario)
    elif a.kind == "startup":
        rec.update(seconds=a.wall, server_rss_mib=(a.rss_kb / 1024) if a.rss_kb else None)
    elif a.kind == "generate":
        summ = {}
        if a.summary and Path(a.summary).exists():
            summ = json.loads(Path(a.summary).read_text(encoding="utf-8"))
        tv = _parse_time_v(text)
        rec.update(
            requests=summ.get("cases"),
            seconds=summ.get("seconds"),
            rps=summ.get("cases_per_second"),
            ok_rps=summ.get("cases_per_second"),
            generator_peak_rss_mib=tv.get("peak_rss_mib"),
            generator_wall_seconds=tv.get("wall_seconds") or a.wall,
            summary=summ,
            summary_path=a.summary,
        )
    # Server-side sampling (absent for references, whose work happens in another process).
    if a.cpu0 is not None and a.cpu1 is not None and a.wall:
        rec["server_cpu_seconds"] = (a.cpu1 - a.cpu0) / a.clk_tck
        rec["server_cpu_pct"] = 100.0 * rec["server_cpu_seconds"] / a.wall
    if a.hwm_kb:
        rec["server_peak_rss_mib"] = a.hwm_kb / 1024
        rec["server_peak_rss_method"] = a.hwm_method
    if a.mach0 and a.mach1:
        b0, t0 = (int(x) for x in a.mach0.split(","))
        b1, t1 = (int(x) for x in a.mach1.split(","))
        if t1 > t0:
            # All cores together: 100% = every core busy (includes wrk, PostgreSQL, the server).
            rec["machine_cpu_pct"] = 100.0 * (b1 - b0) / (t1 - t0)
    if a.note:
        rec["note"] = (rec.get("note", "") + "; " if rec.get("note") else "") + a.note
    for kv in a.extra or []:
        k, _, v = kv.partition("=")
        rec[k] = _num(v)
    print(json.dumps(rec, sort_keys=False))

    def f(v, spec=".1f"):
        return "-" if v is None else format(v, spec)

    print(
        f"  {a.backend:8} {a.scenario:15} c={a.concurrency if a.concurrency is not None else '-':<4}"
        f" rps={f(rec['ok_rps'])} p50={f(rec['p50_ms'], '.2f')} p99={f(rec['p99_ms'], '.2f')}"
        f" errors={f(rec['errors'], 'd') if isinstance(rec['errors'], int) else f(rec['errors'])}"
        f" cpu%={f(rec['server_cpu_pct'])} hwm={f(rec['server_peak_rss_mib'])}MiB"
        + (f"  [{rec['note']}]" if rec.get("note") else ""),
        file=sys.stderr,
    )


def collect(out_dir: str) -> None:
    out = Path(out_dir)
    recs = []
    src = out / "records.jsonl"
    if src.exists():
        for line in src.read_text(encoding="utf-8").splitlines():
            if line.strip():
                recs.append(json.loads(line))
    by_key = {(r["backend"], r["scenario"], r.get("concurrency")): r for r in recs}
    for r in recs:
        ref = REFERENCES.get(r["scenario"])
        if ref is None:
            continue
        rr = by_key.get((r["backend"], ref, r.get("concurrency")))
        r["reference_scenario"] = ref
        r["reference_rps"] = rr.get("ok_rps") if rr else None
        # Successful (2xx) rates on both sides: a fast 404 or 409 is not work done.
        if r.get("ok_rps") is not None and r.get("reference_rps"):
            r["ratio"] = r["ok_rps"] / r["reference_rps"]
        else:
            r["ratio"] = None
    (out / "results.json").write_text(json.dumps(recs, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("to-tsv")
    t.add_argument("src")
    t.add_argument("dst")
    m = sub.add_parser("machine")
    m.add_argument("dst")
    m.add_argument("pairs", nargs="*")
    r = sub.add_parser("record")
    r.add_argument("--backend", required=True)
    r.add_argument("--scenario", required=True)
    r.add_argument("--concurrency", type=int)
    r.add_argument("--kind", required=True, choices=["wrk", "pgbench", "json", "startup", "generate"])
    r.add_argument("--raw")
    r.add_argument("--summary")
    r.add_argument("--wall", type=float)
    r.add_argument("--rc", type=int, default=0)
    r.add_argument("--cpu0", type=int)
    r.add_argument("--cpu1", type=int)
    r.add_argument("--clk-tck", type=int, default=100)
    r.add_argument("--hwm-kb", type=int)
    r.add_argument("--hwm-method")
    r.add_argument("--rss-kb", type=int)
    r.add_argument("--mach0")
    r.add_argument("--mach1")
    r.add_argument("--extra", action="append")
    r.add_argument("--note")
    r.add_argument("--pglog", help="pgbench --log-prefix of this run, for latency percentiles")
    c = sub.add_parser("collect")
    c.add_argument("out_dir")
    a = p.parse_args()
    if a.cmd == "to-tsv":
        to_tsv(a.src, a.dst)
    elif a.cmd == "machine":
        machine(a.dst, a.pairs)
    elif a.cmd == "record":
        record(a)
    else:
        collect(a.out_dir)


if __name__ == "__main__":
    main()
