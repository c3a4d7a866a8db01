#!/usr/bin/python3
"""Regression corpus of nisim (issue 9): every input that ever broke nisim, with the
outcome it must have now. Python 3.11+ standard library only.

    /usr/bin/python3 tests/corpus/run_corpus.py --nisim build/nisim [--jobs 2] [-k PATTERN]

One folder per case, tests/corpus/<NNN-short-name>/, holding the input files and a
case.toml:

    description = "what broke, and what must happen now"
    args = ["validate", "{dir}/m.toml"]    # nisim's command line (without the program)
    expect_exit = 2                        # an exit code, or a list: [0, 2]
    expect_stderr = 'm\\.toml:1:\\d+:.*'    # regex (re.search) stderr must match when the
                                           # exit code is not 0
    expect_stderr_ok = '...'               # optional: regex for stderr when the exit is 0
    forbid_stderr = 'baseline\\.toml:\\d+'  # optional: regex stderr must NOT match
    timeout = 10                           # optional, seconds (default 10)
    setup = ["mkfifo {dir}/fifo"]          # optional: shell commands run before (cwd {tmp})
    expect_files = ["{tmp}/out/thesis.tex"]  # optional: must still exist afterwards
    expect_outputs = ["out", "out/*"]      # optional: globs (relative to {tmp}) of what the
                                           # call may leave in {tmp}; anything else is an error
    check_indicators = true                # optional: on exit 0, no NaN/inf in
                                           # {tmp}/out/indicators.csv
    max_stderr = 4096                      # optional: bytes (default 4096)

Placeholders: {dir} is a fresh copy of the case folder, with the shipped scenarios
(scenarios/*.toml) copied beside the case's own files so `extends = "baseline.toml"`
resolves; {tmp} is a fresh empty folder (the working directory of the call); {python}
is this Python; {scenarios} the repository's scenarios folder.

Every case is also checked for: no signal, no hang (timeout), a bounded stderr without
NUL or control bytes, no `*.tmp-*` left, nothing left in {tmp} beyond expect_outputs
(and what setup made), and the case folder copy unchanged except for setup's files.
Each call runs under RLIMIT_AS (--mem-limit-mb, default 4096; 0 = none, for sanitizer
builds where ASan reserves terabytes of virtual memory).

Exit status: 0 every case passed, 1 some failed, 2 usage error.
"""

import argparse
import concurrent.futures
import csv
import fnmatch
import math
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# The fuzzer's limits for every call (memory, core dumps, file size): one definition.
sys.path.insert(0, os.path.join(REPO, "tests", "fuzz"))
from scenario_fuzz import _limits  # noqa: E402


def _snapshot(root):
    out = set()
    for dp, dns, fns in os.walk(root):
        for n in dns + fns:
            out.add(os.path.relpath(os.path.join(dp, n), root))
    return out


def _sub(s, ctx):
    for k, v in ctx.items():
        s = s.replace("{%s}" % k, v)
    return s


def run_case(case_dir, nisim, mem_mb, scenarios, timeout_mult):
    name = os.path.basename(case_dir)
    t0 = time.monotonic()
    problems = []
    with open(os.path.join(case_dir, "case.toml"), "rb") as f:
        case = tomllib.load(f)
    work = tempfile.mkdtemp(prefix="nisim-corpus-")
    try:
        d = os.path.join(work, "case")
        tmp = os.path.join(work, "tmp")
        os.makedirs(tmp)
        shutil.copytree(case_dir, d, symlinks=True)
        for n in os.listdir(scenarios):
            if n.endswith(".toml") and not os.path.exists(os.path.join(d, n)):
                shutil.copy2(os.path.join(scenarios, n), os.path.join(d, n))
        ctx = {"dir": d, "tmp": tmp, "python": sys.executable, "scenarios": scenarios}
        for cmd in case.get("setup", []):
            r = subprocess.run(_sub(cmd, ctx), shell=True, cwd=tmp, capture_output=True, timeout=120)
            if r.returncode != 0:
                return name, ["setup failed: %s: %s" % (cmd, r.stderr.decode(errors="replace")[:500])], 0.0, None
        before_tmp, before_dir = _snapshot(tmp), _snapshot(d)
        args = [nisim] + [_sub(a, ctx) for a in case["args"]]
        timeout = float(case.get("timeout", 10)) * timeout_mult
        p = subprocess.Popen(args, cwd=tmp, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, preexec_fn=_limits(mem_mb))
        hung = False
        try:
            out, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            hung = True
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            out, err = p.communicate()
        secs = time.monotonic() - t0
        rc = p.returncode
        expect = case["expect_exit"]
        expect = set(expect if isinstance(expect, list) else [expect])
        text = err.decode("utf-8", "replace")
        if hung:
            problems.append("hang: no exit within %.0f s" % timeout)
        elif rc < 0:
            try:
                sig = signal.Signals(-rc).name
            except ValueError:
                sig = str(-rc)
            problems.append("crash: killed by %s" % sig)
        elif rc not in expect:
            problems.append("exit %d, expected %s" % (rc, "/".join(map(str, sorted(expect)))))
        if not hung and rc >= 0:
            rx = case.get("expect_stderr") if rc != 0 else case.get("expect_stderr_ok")
            if rx and not re.search(rx, text, re.S):
                problems.append("stderr does not match /%s/" % rx)
            fx = case.get("forbid_stderr")
            if fx and re.search(fx, text, re.S):
                problems.append("stderr matches the forbidden /%s/" % fx)
        maxlen = int(case.get("max_stderr", 4096))
        if len(err) > maxlen:
            problems.append("stderr is %d bytes (limit %d)" % (len(err), maxlen))
        if CONTROL.search(err[:65536]):
            problems.append("stderr holds NUL or control bytes")
        for fpath in case.get("expect_files", []):
            if not os.path.exists(_sub(fpath, ctx)):
                problems.append("%s is gone" % fpath)
        allowed = case.get("expect_outputs", [])
        new = sorted(_snapshot(tmp) - before_tmp)
        extra = [n for n in new if not any(fnmatch.fnmatch(n, g) for g in allowed)]
        if hung:  # a killed run may leave its DIR.tmp-<pid> (documented)
            extra = [n for n in extra if ".tmp-" not in n]
        if extra:
            problems.append("left in {tmp}: %s" % ", ".join(extra[:8]))
        tmpl = [n for n in (_snapshot(tmp) | _snapshot(d)) if ".tmp-" in os.path.basename(n)]
        if tmpl and not hung:
            problems.append("*.tmp-* left: %s" % ", ".join(sorted(tmpl)[:8]))
        dnew = sorted(_snapshot(d) - before_dir)
        if dnew:
            problems.append("written into the case folder: %s" % ", ".join(dnew[:8]))
        if case.get("check_indicators") and rc == 0:
            ind = os.path.join(tmp, "out", "indicators.csv")
            if os.path.isfile(ind):
                with open(ind, newline="") as f:
                    rd = csv.DictReader(f)
                    for row in rd:
                        try:
                            v = float(row["value"])
                        except (KeyError, ValueError):
                            problems.append("unreadable indicators.csv row %r" % row)
                            break
                        if not math.isfinite(v):
                            problems.append("indicators.csv: %s %s = %s" % (row.get("indicator"), row.get("year"), row["value"]))
                            break
        first = text.strip().split("\n")[0][:300] if text.strip() else ""
        return name, problems, secs, "exit %s: %s" % ("hang" if hung else rc, first)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--nisim", default=os.path.join(REPO, "build", "nisim"))
    ap.add_argument("--corpus", default=HERE, help="folder of the cases (default: this folder)")
    ap.add_argument("--scenarios", default=os.path.join(REPO, "scenarios"))
    ap.add_argument("--jobs", type=int, default=int(os.environ.get("NISIM_FUZZ_JOBS", "2") or 2))
    ap.add_argument("--mem-limit-mb", type=int,
                    default=int(os.environ.get("NISIM_FUZZ_MEM_LIMIT_MB", "4096") or 4096))
    ap.add_argument("--timeout-mult", type=float, default=1.0, help="multiply every time limit (sanitizer builds: 3)")
    ap.add_argument("-k", dest="pattern", help="run only the cases whose name contains this")
    args = ap.parse_args(argv)
    nisim = os.path.abspath(args.nisim)
    if not os.access(nisim, os.X_OK):
        ap.error("%s is not an executable (build it first)" % nisim)
    cases = sorted(os.path.join(args.corpus, n) for n in os.listdir(args.corpus)
                   if os.path.isfile(os.path.join(args.corpus, n, "case.toml"))
                   and (not args.pattern or args.pattern in n))
    if not cases:
        ap.error("no case in %s" % args.corpus)
    # A private copy of the program: a rebuild during the run must not fail the cases.
    bindir = tempfile.mkdtemp(prefix="nisim-corpus-bin-")
    try:
        shutil.copy2(nisim, os.path.join(bindir, "nisim"))
        return _run_all(args, cases, nisim, os.path.join(bindir, "nisim"))
    finally:
        shutil.rmtree(bindir, ignore_errors=True)


def _run_all(args, cases, orig, nisim):
    t0 = time.monotonic()
    failed = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
        futs = [ex.submit(run_case, c, nisim, args.mem_limit_mb, os.path.abspath(args.scenarios), args.timeout_mult)
                for c in cases]
        for c, fut in zip(cases, futs):
            try:
                name, problems, secs, what = fut.result()
            except Exception as e:  # a broken case.toml or regex is a failure, not a crash
                name, problems, secs, what = os.path.basename(c), ["case error: %r" % e], 0.0, None
            status = "ok  " if not problems else "FAIL"
            print("%s %-42s %6.2f s  %s" % (status, name, secs, what or ""), flush=True)
            for p in problems:
                print("       - %s" % p, flush=True)
            if problems:
                failed.append(name)
    print("\ncorpus: %d case(s), %d failed, %.1f s wall with %d job(s) (%s)"
          % (len(cases), len(failed), time.monotonic() - t0, args.jobs, orig))
    if failed:
        print("failed: " + " ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
