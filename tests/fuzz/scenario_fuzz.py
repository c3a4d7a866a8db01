#!/usr/bin/python3
"""Deterministic fuzzer of nisim's inputs (issue 9: no input, fault or misuse gives a
crash, a hang or a silent wrong answer). Python 3 standard library only.

Modes (--mode, comma-separated, default all):

  scenarios    mutants of the shipped scenarios (scenarios/*.toml) through
               `nisim validate FILE`, then a sample of the accepted ones (exit 0) through
               `nisim run FILE --until START+1 --scale 0.01`.
  params       the parameter box: every parameter of `nisim params --format csv` at the
               min and at the max of its range, seeded random corners (many parameters at
               once at min or max), each through a short run (--until 2012); and bad
               values (out of range, nan, inf, not a number) that must be exit 2.
  instruments  every block key of `nisim instruments --format csv` at the ends of its
               range in a [[policy]]/[[shock]] block added to baseline.toml (short runs),
               every instrument with all its keys at min and at max, and out-of-range
               values that must be refused by `validate`.
  sweep        `nisim sweep`/`ensemble` requests: small real sweeps over whole ranges
               (must finish, exit 0, or 3 with documented errors only) and huge, zero,
               negative or malformed requests (must be refused quickly with exit 2).

Every call runs under a memory limit (RLIMIT_AS, --mem-limit-mb, 0 = none: use 0 for a
sanitizer build) and a time limit (a call over it is a hang). Checks: no signal, no hang,
exit code 0 or 2 (3 for experiments), every exit 2 prints `error:` naming the file (a
`PATH:LINE` in the message must be the mutant or a file of its extends chain, and LINE
must exist), a bounded message without control bytes or absurd numbers, no output
folder or `*.tmp-*` left after a refused run, no NaN/inf in indicators.csv.

The same --seed gives the same mutants (mutant i is a pure function of (seed, i)), so a
finding is reproduced by `--mode scenarios --seed S --only I`. Each failing input is saved
under --findings with a repro.sh; the summary lists the distinct failures.

Environment variables NISIM_FUZZ_MUTANTS, NISIM_FUZZ_RUNS, NISIM_FUZZ_CORNERS,
NISIM_FUZZ_SEED, NISIM_FUZZ_JOBS and NISIM_FUZZ_MEM_LIMIT_MB, when set, override the
corresponding flags (so ctest sizes can be changed without reconfiguring).

Exit status: 0 no finding, 1 findings, 2 usage error.
"""

import argparse
import concurrent.futures
import csv
import io
import json
import math
import multiprocessing.util
import os
import random
import re
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

try:
    import tomllib
except ImportError:  # pragma: no cover (Python < 3.11)
    tomllib = None

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MAX_MESSAGE = 4096
MAIN = "mutant.toml"

# ---------------------------------------------------------------------------------------
# Running one call


class _Popen(subprocess.Popen):
    """Popen that keeps the child's rusage (peak RSS) when it reaps it."""

    rusage = None

    def _try_wait(self, wait_flags):  # CPython 3.8+ internal hook used by wait()
        try:
            pid, sts, ru = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            return (self.pid, 0)
        if pid == self.pid:
            self.rusage = ru
        return (pid, sts)


def _limits(mem_mb):
    def apply():
        os.setsid()
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if mem_mb > 0:
            b = mem_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (b, b))
        # A run never needs to write a 1 GiB file; a bigger one is a blow-up (SIGXFSZ).
        g = 1024 * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (g, g))
    return apply


class Result:
    __slots__ = ("cmd", "cwd", "rc", "stdout", "stderr", "seconds", "timeout", "rss_kb")


def call(cmd, cwd, timeout, mem_mb, env=None):
    r = Result()
    r.cmd, r.cwd, r.timeout, r.rss_kb = cmd, cwd, False, 0
    t0 = time.monotonic()
    p = _Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
               stderr=subprocess.PIPE, preexec_fn=_limits(mem_mb), env=env)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        r.timeout = True
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = p.communicate()
    r.seconds = time.monotonic() - t0
    r.rc = p.returncode
    r.stdout, r.stderr = out[:65536], err
    if p.rusage is not None:
        r.rss_kb = p.rusage.ru_maxrss
    return r


# ---------------------------------------------------------------------------------------
# Checks


ERR_LOC = re.compile(rb"error: (.+?):(\d+)(?::(\d+))?:")
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
HUGE_NUMBER = re.compile(rb"\d{25,}")


def _msg_problems(r, expect_codes):
    """Problems common to every call; returns a list of (kind, detail)."""
    p = []
    if r.timeout:
        return [("hang", "no exit after %.0f s" % r.seconds)]
    if r.rc < 0:
        try:
            name = signal.Signals(-r.rc).name
        except ValueError:
            name = str(-r.rc)
        return [("crash", "killed by signal %s" % name)]
    if r.rc not in expect_codes:
        p.append(("exit-%d" % r.rc, "exit %d (allowed %s)" % (r.rc, "/".join(map(str, sorted(expect_codes))))))
    if len(r.stderr) > MAX_MESSAGE:
        p.append(("long-message", "stderr is %d bytes (limit %d)" % (len(r.stderr), MAX_MESSAGE)))
    if CONTROL.search(r.stderr[:MAX_MESSAGE * 4]):
        p.append(("control-bytes", "stderr holds NUL or control bytes"))
    if HUGE_NUMBER.search(r.stderr[:MAX_MESSAGE * 4]):
        p.append(("huge-number", "stderr holds a number of 25+ digits"))
    if r.rc == 2 and not r.stderr.strip():
        p.append(("silent-refusal", "exit 2 with an empty stderr"))
    return p


def _line_count(path):
    try:
        with open(path, "rb") as f:
            return f.read().count(b"\n") + 1
    except OSError:
        return None


def _chain(workdir, main):
    """Files of the extends chain of main (best effort, with tomllib), as real paths,
    plus the targets named by extends even when they cannot be read."""
    names = set()
    cur = os.path.join(workdir, main)
    for _ in range(64):
        names.add(os.path.normpath(cur))
        try:
            st = os.stat(cur)
            if not stat.S_ISREG(st.st_mode) or st.st_size > 8 * 1024 * 1024:
                break
            with open(cur, "rb") as f:
                doc = tomllib.loads(f.read().decode("utf-8"))
        except Exception:
            break
        ext = doc.get("extends")
        if not isinstance(ext, str):
            break
        nxt = os.path.normpath(os.path.join(os.path.dirname(cur), ext))
        if nxt in names:
            break
        cur = nxt
    return names


def check_file_message(r, workdir, main, problems):
    """exit 2 for a scenario file: `error:` naming the file of the chain, line exists."""
    if r.rc != 2:
        return
    err = r.stderr[:MAX_MESSAGE * 4]
    if b"error:" not in err:
        problems.append(("no-error-prefix", "exit 2 without 'error:'"))
        return
    chain = _chain(workdir, main)
    m = ERR_LOC.search(err)
    if m:
        raw = m.group(1)
        path = os.path.normpath(os.path.join(workdir, raw.decode("utf-8", "replace")))
        if path not in chain:
            problems.append(("wrong-file", "message points into %r, not into the mutant or its extends chain" % raw.decode("utf-8", "replace")))
        else:
            n = _line_count(path)
            line = int(m.group(2))
            if n is not None and os.path.isfile(path) and (line < 1 or line > n):
                problems.append(("wrong-line", "message points to line %d of %s, which has %d lines" % (line, raw.decode("utf-8", "replace"), n)))
    else:
        names = [os.path.basename(c).encode() for c in chain] + [main.encode()]
        if not any(n in err for n in names):
            problems.append(("no-file-named", "exit 2 message names neither the mutant nor a file it extends"))


def leftovers(workdir, out):
    """Output folder or *.tmp-* left behind."""
    left = []
    if os.path.lexists(out):
        left.append(os.path.basename(out))
    parent = os.path.dirname(out)
    try:
        for n in os.listdir(parent):
            if ".tmp-" in n:
                left.append(n)
    except OSError:
        pass
    return left


def nonfinite_indicators(out):
    path = os.path.join(out, "indicators.csv")
    if not os.path.isfile(path):
        return None
    bad = []
    with open(path, newline="") as f:
        rd = csv.reader(f)
        header = next(rd, None)
        if not header or "value" not in header:
            return ["indicators.csv has no value column"]
        vi = header.index("value")
        ii = header.index("indicator") if "indicator" in header else 0
        yi = header.index("year") if "year" in header else 0
        for row in rd:
            try:
                v = float(row[vi])
            except (ValueError, IndexError):
                bad.append("unreadable row %r" % row[:6])
                continue
            if not math.isfinite(v):
                bad.append("%s %s = %s" % (row[ii], row[yi], row[vi]))
            if len(bad) > 5:
                break
    return bad


# ---------------------------------------------------------------------------------------
# Mutants

SPECIAL_NUMBERS = ["nan", "+nan", "-nan", "inf", "+inf", "-inf", "1e308", "-1e308", "1e309",
                   "9223372036854775808", "-9223372036854775809", "9223372036854775807",
                   "18446744073709551616", "0", "-0", "-1", "-0.0", "5e-324", "1e-320",
                   "0x7fffffffffffffff", "0o777", "0b1", "1_000_000_000", "2147483648",
                   "4294967296", "-2147483649", "2010.5", "1e2", "99999999999"]
TYPE_VALUES = ['"text"', '""', "42", "3.5", "true", "false", "[]", "[1, \"a\"]", "[[1], [2]]",
               "{}", "{ a = 1 }", "1979-05-27", "1979-05-27T07:32:00Z", "07:32:00",
               '"""multi\nline"""', "'literal'", '["high_end_chips"]', "2010"]
UNICODE = ["e\u0301\u0301\u0301", "\u202e\u202dRTL", "\U0001F600\U0001F4A9", "\u200b\u200d",
           "\ufeff", "\u0000", "\\u0000", "\\u0007", "\\u001b[31m", "\u00e9\u00e8", "\u4e2d\u6587",
           "\U0010ffff", "\\uD800", "\\U0010FFFF", "\\U00110000"]
BAD_BYTES = [b"\xff", b"\xfe\xff", b"\xc0\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x00",
             b"\x80", b"\xe2\x82", b"\r", b"\x1b[2J", b"\x7f"]
SPECIAL_PATHS = ["/dev/zero", "/dev/urandom", "/proc/self/mem", "@FIFO@", ".", "/", "/dev/null",
                 "/proc/self/environ", "base\\u0000line.toml", "", "missing.toml",
                 "../../../../../../etc/passwd", "/nonexistent/x.toml", "baseline.toml/",
                 "@LONG@", "@SELF@", "@CYCLE@", "@BINARY@", "@DEEPCHAIN@", "baseline.toml\\n",
                 "~/baseline.toml", "C:\\\\baseline.toml", "./././baseline.toml"]
UNKNOWN_KEYS = ["no_such_key = 1", "[nosuch]\nx = 1", "[run]\nstart_yeer = 2010",
                "[params]\nproject_funding_shar = 0.5", "[params]\nno_such_param = 1",
                "[outputs]\nindicators = [\"no_such_indicator\"]", "[outputs]\nformat = \"xml\"",
                "[[policy]]\ninstrument = \"no_such_instrument\"\nstart = 2012",
                "[[policy]]\ninstrument = \"megaprojects\"\nstart = 2012\nno_such_key = 1",
                "[[shock]]\nshock = \"export_controls\"\nstart = 2012\nareas = [\"no_such_area\"]",
                "[[policy]]\ninstrument = \"tax_incentives\"\nstart = 2012\nactors = [\"university\"]",
                "[[policy]]\nstart = 2012", "[[shock]]\nshock = \"export_controls\"",
                "[[policy]]\ninstrument = \"megaprojects\"\nstart = 2030\nend = 2020",
                "[[policy]]\ninstrument = \"clusters_and_zones\"\nstart = 2012\nregions = [\"atlantis\"]",
                "[scenario.x]\ny = 1", "[[run]]\nseed = 1", "[params.nested]\nx = 1",
                "replace_policies = true", "replace_shocks = \"yes\"", "replace_policies = 1"]
RUN_KEYS = ["start_year", "end_year", "seed", "scale", "threads"]

_KV = re.compile(rb"^(\s*)([A-Za-z0-9_.\"-]+)(\s*=\s*)(.*?)(\s*(#.*)?)$")


class Mutant:
    def __init__(self):
        self.files = {}       # name -> bytes (written into the work folder)
        self.fifo = []        # names of FIFOs to create
        self.dirs = []        # names of folders to create
        self.main = MAIN
        self.ops = []
        self.set = []         # --set arguments given to validate/run


def _lines(data):
    return data.split(b"\n")


def _kv_lines(lines):
    return [i for i, l in enumerate(lines) if _KV.match(l) and not l.lstrip().startswith(b"#")
            and not l.lstrip().startswith(b"[")]


def _replace_value(rng, lines, value):
    idx = _kv_lines(lines)
    if not idx:
        lines.append(b"x = " + value)
        return
    i = rng.choice(idx)
    m = _KV.match(lines[i])
    lines[i] = m.group(1) + m.group(2) + m.group(3) + value


def _table_insert(rng, lines, text):
    """Insert text (bytes, may be several lines) after a random line (at a table end when
    it begins with '[' or before the first table otherwise)."""
    if text.startswith(b"[") or not lines:
        lines.append(text)
    else:
        heads = [i for i, l in enumerate(lines) if l.startswith(b"[")]
        pos = rng.choice(heads) + 1 if heads and rng.random() < 0.7 else 0
        lines.insert(pos, text)


def _long_string(rng):
    n = rng.choice([300, 5000, 70000, 300000]) if rng.random() < 0.9 else 2 * 1024 * 1024
    unit = rng.choice(["a", "\u00e9", "\U0001F600", "x y ", "\\u0041"])
    return (unit * (n // max(1, len(unit.encode())) + 1)).encode()[:n]


def _deep(rng):
    d = rng.choice([50, 500, 2000, 5000, 20000])
    kind = rng.random()
    if kind < 0.5:
        return b"[" * d + b"1" + b"]" * d
    if kind < 0.8:
        return b"{ a = " * d + b"1" + b" }" * d
    return b"[" * d  # unbalanced


def op_byte_flip(rng, m, data):
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if b:
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(8) if rng.random() < 0.7 else rng.randrange(256)
    return bytes(b)


def op_truncate(rng, m, data):
    return data[:rng.randrange(len(data) + 1)]


def op_delete_lines(rng, m, data):
    lines = _lines(data)
    for _ in range(rng.randint(1, 4)):
        if lines:
            i = rng.randrange(len(lines))
            del lines[i:i + rng.randint(1, 3)]
    return b"\n".join(lines)


def op_duplicate_lines(rng, m, data):
    lines = _lines(data)
    if lines:
        i = rng.randrange(len(lines))
        j = min(len(lines), i + rng.randint(1, 6))
        chunk = lines[i:j] * rng.randint(1, 3)
        k = rng.randrange(len(lines) + 1)
        lines[k:k] = chunk
    return b"\n".join(lines)


def op_type_swap(rng, m, data):
    lines = _lines(data)
    _replace_value(rng, lines, rng.choice(TYPE_VALUES).encode())
    return b"\n".join(lines)


def op_special_number(rng, m, data):
    lines = _lines(data)
    idx = [i for i in _kv_lines(lines) if re.search(rb"=\s*[-+0-9.]", lines[i])]
    val = rng.choice(SPECIAL_NUMBERS).encode()
    if idx:
        i = rng.choice(idx)
        mm = _KV.match(lines[i])
        lines[i] = mm.group(1) + mm.group(2) + mm.group(3) + val
    else:
        lines.insert(0, b"[run]\n" + rng.choice(RUN_KEYS).encode() + b" = " + val)
    return b"\n".join(lines)


def op_run_key(rng, m, data):
    key = rng.choice(RUN_KEYS).encode()
    val = rng.choice(SPECIAL_NUMBERS + ["2100", "2101", "2009", "1", "2", "2.0001", "0.000001", '"2010"']).encode()
    return data + b"\n[run]\n" + key + b" = " + val + b"\n" if b"[run]" not in data else \
        re.sub(rb"\[run\]\n", b"[run]\n" + key + b" = " + val + b"\n", data, count=1)


def op_long_string(rng, m, data):
    lines = _lines(data)
    s = _long_string(rng)
    r = rng.random()
    if r < 0.4:
        _replace_value(rng, lines, b'"' + s + b'"')
    elif r < 0.7:  # a long key
        lines.insert(0, s.replace(b" ", b"_").replace(b"\\", b"_") + b" = 1")
    else:  # a long area name
        lines.append(b"[[shock]]\nshock = \"export_controls\"\nstart = 2012\nareas = [\"" + s + b"\"]")
    return b"\n".join(lines)


def op_unicode(rng, m, data):
    lines = _lines(data)
    idx = [i for i, l in enumerate(lines) if b'"' in l]
    if rng.random() < 0.5:
        ins = rng.choice(UNICODE).encode("utf-8", "surrogatepass")
    else:
        ins = rng.choice(BAD_BYTES)
    if idx and rng.random() < 0.8:
        i = rng.choice(idx)
        q = lines[i].index(b'"') + 1
        lines[i] = lines[i][:q] + ins * rng.randint(1, 20) + lines[i][q:]
    else:
        i = rng.randrange(len(lines) + 1)
        lines.insert(i, ins)
    return b"\n".join(lines)


def op_deep(rng, m, data):
    lines = _lines(data)
    v = _deep(rng)
    r = rng.random()
    if r < 0.4:
        lines.insert(0, b"a = " + v)
    elif r < 0.7:
        lines.append(b"[[shock]]\nshock = \"export_controls\"\nstart = 2012\nareas = " + v)
    else:
        _replace_value(rng, lines, v)
    return b"\n".join(lines)


def op_unknown_key(rng, m, data):
    lines = _lines(data)
    _table_insert(rng, lines, rng.choice(UNKNOWN_KEYS).encode())
    return b"\n".join(lines)


def op_many_policy(rng, m, data):
    n = rng.choice([10, 100, 1000, 5000, 50000]) if rng.random() < 0.3 else rng.choice([10, 100, 500])
    block = rng.choice([
        b"[[policy]]\ninstrument = \"research_funding_mix\"\nstart = 2011\n",
        b"[[shock]]\nshock = \"export_controls\"\nstart = 2011\nareas = [\"high_end_chips\"]\n",
        b"[[policy]]\ninstrument = \"tax_incentives\"\nstart = 2011\nmatching_rate = 2\n",
        b"[[policy]]\ninstrument = \"talent_programme\"\nstart = 2011\n"])
    return data + b"\n" + block * n


def op_extends(rng, m, data):
    target = rng.choice(SPECIAL_PATHS)
    if target == "@FIFO@":
        m.fifo.append("fifo")
        target = "fifo"
    elif target == "@LONG@":
        target = "a/" * rng.choice([100, 3000, 100000]) + "baseline.toml"
    elif target == "@SELF@":
        target = MAIN
    elif target == "@CYCLE@":
        m.files["cycle_b.toml"] = b'extends = "' + MAIN.encode() + b'"\n[run]\nseed = 3\n'
        target = "cycle_b.toml"
    elif target == "@BINARY@":
        m.files["binary.toml"] = bytes(rng.randrange(256) for _ in range(4096))
        target = "binary.toml"
    elif target == "@DEEPCHAIN@":
        n = rng.choice([10, 70, 300])
        for k in range(n):
            m.files["chain%d.toml" % k] = b'extends = "%s"\n' % (b"chain%d.toml" % (k + 1) if k + 1 < n else b"baseline.toml")
        target = "chain0.toml"
    elif target == "." and rng.random() < 0.5:
        m.dirs.append("adir.toml")
        target = "adir.toml"
    lines = [l for l in _lines(data) if not l.startswith(b"extends")]
    lines.insert(0, b'extends = "' + target.encode() + b'"')
    return b"\n".join(lines)


def op_extends_type(rng, m, data):
    lines = [l for l in _lines(data) if not l.startswith(b"extends")]
    lines.insert(0, b"extends = " + rng.choice(["1", "true", "[\"baseline.toml\"]", "{ a = 1 }", "nan"]).encode())
    return b"\n".join(lines)


def op_splice(rng, m, data, others):
    a, b = _lines(data), _lines(rng.choice(others))
    i, j = rng.randrange(len(a) + 1), rng.randrange(len(b) + 1)
    return b"\n".join(a[:i] + b[j:j + rng.randint(1, 30)] + a[i:])


def op_duplicate_table(rng, m, data):
    t = rng.choice([b"[run]\nseed = 1", b"[scenario]\nname = \"x\"", b"[params]\ncit_rate = 0.3",
                    b"[outputs]\ncsv = false", b"run = 1", b"[run.seed]"])
    return data + b"\n" + t + b"\n" + (t if rng.random() < 0.5 else b"")


def op_param_value(rng, m, data, params):
    name, lo, hi, integer = rng.choice(params)
    vals = [lo, hi, lo - 1, hi + 1, (lo + hi) / 2, -abs(hi) * 10 - 1, hi * 1e6 + 1]
    v = rng.choice(vals)
    s = str(int(v)) if integer and math.isfinite(v) and abs(v) < 1e18 else repr(float(v))
    if rng.random() < 0.2:
        s = rng.choice(SPECIAL_NUMBERS)
    return data + b"\n[params]\n" + name.encode() + b" = " + s.encode() + b"\n" if b"\n[params]" not in data else \
        data.replace(b"\n[params]\n", b"\n[params]\n" + name.encode() + b" = " + s.encode() + b"\n", 1)


def op_outputs(rng, m, data):
    v = rng.choice([b'indicators = ["no_such_indicator"]', b'indicators = []', b'indicators = [""]',
                    b'indicators = ["capability_ratio"]', b'indicators = ["papers", "papers"]',
                    b'csv = false\nsqlite = false', b'indicators = "papers"', b'indicators = [1]',
                    b'indicators = ["capability_ratio.no_such_area"]'])
    return data + b"\n[outputs]\n" + v + b"\n"


OPS = [  # (weight, name)
    (10, "byte_flip"), (8, "truncate"), (8, "delete_lines"), (8, "duplicate_lines"),
    (10, "type_swap"), (10, "special_number"), (6, "run_key"), (3, "long_string"),
    (6, "unicode"), (3, "deep"), (8, "unknown_key"), (2, "many_policy"), (2, "extends"),
    (2, "extends_type"), (5, "splice"), (3, "duplicate_table"), (8, "param_value"),
    (3, "outputs"),
]
_OP_NAMES = [n for w, n in OPS]
_OP_WEIGHTS = [w for w, n in OPS]
# Mutants whose extends names a file that blocks or is endless are costly while the bug
# is open (a FIFO hangs until the time limit); keep them rare in the random stream, they
# are also in the regression corpus.
_COSTLY = {"many_policy", "long_string", "deep", "extends"}


def make_mutant(seed, index, shipped, params):
    """Mutant `index` of `seed`: a pure function of both."""
    rng = random.Random("nisim-fuzz:%s:%d" % (seed, index))
    m = Mutant()
    names = sorted(shipped)
    base = rng.choice(names)
    mutate_parent = base != "baseline.toml" and rng.random() < 0.1
    data = shipped["baseline.toml" if mutate_parent else base]
    nops = rng.choice([1, 1, 1, 2, 2, 3])
    costly = 0
    for _ in range(nops):
        name = rng.choices(_OP_NAMES, _OP_WEIGHTS)[0]
        if name in _COSTLY:
            costly += 1
            if costly > 1:
                name = "type_swap"
        m.ops.append(name)
        if name == "splice":
            data = op_splice(rng, m, data, [shipped[n] for n in names])
        elif name == "param_value":
            data = op_param_value(rng, m, data, params)
        else:
            data = globals()["op_" + name](rng, m, data)
    if mutate_parent:
        # the mutated parent is written as baseline.toml; the child is a shipped file
        m.files["baseline.toml"] = data
        m.main = base
        m.ops.insert(0, "parent:" + base)
    else:
        m.files[MAIN] = data
        m.ops.insert(0, base)
    if rng.random() < 0.03:
        m.set.append(rng.choice(["cit_rate=0.5", "run.seed=-1", "shock[1].areas=nope",
                                 "policy[99].x=1", "run.scale=1e-9", "project_funding_share=nan",
                                 "outputs.indicators=no_such_indicator", "=1", "x", "run.end_year=2009"]))
    return m


def write_mutant(m, workdir, shipped):
    tpl = _CFG.get("template")
    for n, d in shipped.items():
        if n in m.files:
            continue
        if tpl:  # hard links from the worker's copy: cheaper than 8 writes per mutant
            try:
                os.link(os.path.join(tpl, n), os.path.join(workdir, n))
                continue
            except OSError:
                pass
        with open(os.path.join(workdir, n), "wb") as f:
            f.write(d)
    for n, d in m.files.items():
        with open(os.path.join(workdir, n), "wb") as f:
            f.write(d)
    for n in m.fifo:
        p = os.path.join(workdir, n)
        if not os.path.exists(p):
            os.mkfifo(p)
    for n in m.dirs:
        os.makedirs(os.path.join(workdir, n), exist_ok=True)


def start_year_of(workdir, main):
    """[run] start_year of the resolved chain (best effort), else 2010."""
    chain_years = []
    cur = os.path.join(workdir, main)
    seen = set()
    for _ in range(64):
        if cur in seen:
            break
        seen.add(cur)
        try:
            if not os.path.isfile(cur) or os.path.getsize(cur) > 8 * 1024 * 1024:
                break
            with open(cur, "rb") as f:
                doc = tomllib.loads(f.read().decode("utf-8"))
        except Exception:
            break
        run = doc.get("run")
        if isinstance(run, dict) and isinstance(run.get("start_year"), int):
            chain_years.append(run["start_year"])
        ext = doc.get("extends")
        if not isinstance(ext, str):
            break
        cur = os.path.normpath(os.path.join(os.path.dirname(cur), ext))
    if chain_years and 1900 <= chain_years[0] <= 2100:
        return chain_years[0]
    return 2010


# ---------------------------------------------------------------------------------------
# Tasks (run in worker processes)

_CFG = {}


def _init_worker(cfg):
    _CFG.update(cfg)
    _CFG["base_tmp"] = tempfile.mkdtemp(prefix="nisim-fuzz-")
    tpl = os.path.join(_CFG["base_tmp"], "shipped")
    os.makedirs(tpl)
    for n, d in _CFG["shipped"].items():
        with open(os.path.join(tpl, n), "wb") as f:
            f.write(d)
        os.chmod(os.path.join(tpl, n), 0o444)
    _CFG["template"] = tpl
    multiprocessing.util.Finalize(None, shutil.rmtree, args=(_CFG["base_tmp"], True), exitpriority=10)


def _new_workdir():
    return tempfile.mkdtemp(dir=_CFG["base_tmp"])


def _finding(kind, detail, r, workdir, extra=None):
    return {"kind": kind, "detail": detail, "cmd": r.cmd if r else None,
            "cwd": workdir, "rc": r.rc if r else None,
            "stderr": (r.stderr[:1500].decode("utf-8", "replace") if r else ""),
            "stderr_bytes": len(r.stderr) if r else 0, "extra": extra or {}}


def _save(findings, workdir, tag, files_to_keep=None):
    """Copy the work folder of a failing call under the findings folder; returns path."""
    root = _CFG.get("findings")
    if not root or not findings:
        return None
    os.makedirs(root, exist_ok=True)
    if len(os.listdir(root)) >= _CFG.get("max_saved", 300):
        return None
    dest = os.path.join(root, tag)
    if os.path.exists(dest):
        shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    fifo = []
    for n in os.listdir(workdir):
        src = os.path.join(workdir, n)
        try:
            st = os.lstat(src)
        except OSError:
            continue
        if stat.S_ISFIFO(st.st_mode):
            fifo.append(n)
        elif stat.S_ISREG(st.st_mode):
            shutil.copy2(src, os.path.join(dest, n))
        elif stat.S_ISDIR(st.st_mode) and n.endswith(".toml"):
            os.makedirs(os.path.join(dest, n), exist_ok=True)
    f0 = findings[0]
    cmd = [c if c != _CFG["nisim"] else "${NISIM:-%s}" % _CFG["nisim_orig"] for c in f0["cmd"]]
    cmd = [c.replace(workdir, "$here") for c in cmd]
    with open(os.path.join(dest, "repro.sh"), "w") as f:
        f.write("#!/bin/sh\n# %s\n" % "; ".join("%s: %s" % (x["kind"], x["detail"]) for x in findings))
        f.write('here="$(cd "$(dirname "$0")" && pwd)"; cd "$here" || exit 1\n')
        for n in fifo:
            f.write("[ -p %s ] || mkfifo %s\n" % (n, n))
        f.write("rm -rf out out.tmp-*\n")
        f.write(" ".join(_shq(c) for c in cmd) + "\n")
    os.chmod(os.path.join(dest, "repro.sh"), 0o755)
    with open(os.path.join(dest, "finding.json"), "w") as f:
        json.dump(findings, f, indent=1, default=str)
    return dest


def _shq(s):
    if s.startswith("${NISIM") or s.startswith("$here"):
        return '"%s"' % s
    if re.fullmatch(r"[A-Za-z0-9_./=:,+-]+", s):
        return s
    return "'" + s.replace("'", "'\"'\"'") + "'"


def task_validate(index):
    m = make_mutant(_CFG["seed"], index, _CFG["shipped"], _CFG["params"])
    wd = _new_workdir()
    try:
        write_mutant(m, wd, _CFG["shipped"])
        cmd = [_CFG["nisim"], "validate", m.main]
        for s in m.set:
            cmd += ["--set", s]
        r = call(cmd, wd, _CFG["validate_timeout"], _CFG["mem"])
        probs = _msg_problems(r, {0, 2})
        if not m.set:
            check_file_message(r, wd, m.main, probs)
        elif r.rc == 2 and b"error:" not in r.stderr:
            probs.append(("no-error-prefix", "exit 2 without 'error:'"))
        fs = [_finding(k, d, r, wd, {"ops": m.ops, "index": index}) for k, d in probs]
        saved = _save(fs, wd, "validate-%05d" % index) if fs else None
        for f in fs:
            f["saved"] = saved
        start = start_year_of(wd, m.main) if r.rc == 0 else None
        return {"index": index, "rc": r.rc if not r.timeout else "hang", "seconds": r.seconds,
                "rss_kb": r.rss_kb, "cmd": "validate " + m.main, "findings": fs, "start": start,
                "ops": m.ops}
    finally:
        shutil.rmtree(wd, ignore_errors=True)


def task_run_mutant(arg):
    index, start = arg
    m = make_mutant(_CFG["seed"], index, _CFG["shipped"], _CFG["params"])
    wd = _new_workdir()
    try:
        write_mutant(m, wd, _CFG["shipped"])
        out = os.path.join(wd, "out")
        until = min(start + 1, 2100)
        cmd = [_CFG["nisim"], "run", m.main, "--until", str(until), "--scale", "0.01",
               "--out", out, "--progress", "none", "--threads", "1"]
        for s in m.set:
            cmd += ["--set", s]
        r = call(cmd, wd, _CFG["run_timeout"], _CFG["mem"])
        probs = _msg_problems(r, {0, 2})
        if not m.set:
            check_file_message(r, wd, m.main, probs)
        probs += _run_output_problems(r, out, wd)
        fs = [_finding(k, d, r, wd, {"ops": m.ops, "index": index}) for k, d in probs]
        if fs:
            shutil.rmtree(out, ignore_errors=True)
        saved = _save(fs, wd, "run-%05d" % index) if fs else None
        for f in fs:
            f["saved"] = saved
        return {"index": index, "rc": r.rc if not r.timeout else "hang", "seconds": r.seconds,
                "rss_kb": r.rss_kb, "cmd": "run " + m.main, "findings": fs, "ops": m.ops}
    finally:
        shutil.rmtree(wd, ignore_errors=True)


def _run_output_problems(r, out, wd):
    p = []
    if r.timeout or r.rc < 0:
        return p
    if r.rc == 0:
        bad = nonfinite_indicators(out)
        if bad is None:
            if os.path.isdir(out) and os.path.exists(os.path.join(out, "manifest.json")):
                try:
                    with open(os.path.join(wd, "out", "scenario.resolved.toml"), "rb") as f:
                        txt = f.read()
                except OSError:
                    txt = b""
                if b"csv = false" not in txt:
                    p.append(("no-indicators", "exit 0 but no indicators.csv"))
            else:
                p.append(("no-output", "exit 0 but no output folder"))
        elif bad:
            p.append(("nan-indicator", "non-finite indicators: " + "; ".join(bad[:5])))
        left = [n for n in os.listdir(os.path.dirname(out)) if ".tmp-" in n]
        if left:
            p.append(("tmp-left", "left behind: " + ", ".join(left)))
    else:
        left = leftovers(wd, out)
        if left:
            p.append(("output-left", "after exit %d, left behind: %s" % (r.rc, ", ".join(left))))
    return p


def task_short_run(spec):
    """spec: dict(tag, args (after 'run BASE'), expect {codes}, names [], files {name: bytes},
    nan_check bool, main)."""
    wd = _new_workdir()
    try:
        fm = Mutant()
        fm.files = spec.get("files", {})
        write_mutant(fm, wd, _CFG["shipped"])
        out = os.path.join(wd, "out")
        verb = spec.get("verb", "run")
        cmd = [_CFG["nisim"], verb, spec.get("main", "baseline.toml")]
        if verb == "run":
            cmd += ["--until", str(spec.get("until", 2012)), "--scale", "0.01", "--out", out,
                    "--progress", "none", "--threads", "1"]
        cmd += spec["args"]
        r = call(cmd, wd, spec.get("timeout", _CFG["run_timeout"]), _CFG["mem"])
        expect = set(spec["expect"])
        probs = _msg_problems(r, expect)
        if r.rc == 2 and not r.timeout:
            err = r.stderr[:MAX_MESSAGE * 4]
            if b"error:" not in err:
                probs.append(("no-error-prefix", "exit 2 without 'error:'"))
            names = spec.get("names", [])
            if names and not any(n.encode() in err for n in names):
                probs.append(("not-named", "exit 2 message names none of %s" % ", ".join(names[:6])))
            if spec.get("blame_set") and ERR_LOC.search(err):
                mm = ERR_LOC.search(err)
                if not mm.group(1).startswith(b"--set"):
                    probs.append(("wrong-blame", "the message points into %s, not at the --set argument" % mm.group(1).decode("utf-8", "replace")))
        if verb == "run":
            probs += _run_output_problems(r, out, wd)
        fs = [_finding(k, d, r, wd, {"spec": spec["tag"]}) for k, d in probs]
        if fs:
            shutil.rmtree(out, ignore_errors=True)
        saved = _save(fs, wd, re.sub(r"[^A-Za-z0-9_.=-]+", "_", spec["tag"])[:120]) if fs else None
        for f in fs:
            f["saved"] = saved
        return {"index": spec["tag"], "rc": r.rc if not r.timeout else "hang", "seconds": r.seconds,
                "rss_kb": r.rss_kb, "cmd": spec["tag"], "findings": fs}
    finally:
        shutil.rmtree(wd, ignore_errors=True)


def task_experiment(spec):
    """spec: dict(tag, verb (sweep|ensemble), args, expect, names, timeout)."""
    wd = _new_workdir()
    try:
        fm = Mutant()
        fm.files = spec.get("files", {})
        write_mutant(fm, wd, _CFG["shipped"])
        out = os.path.join(wd, "out")
        cmd = [_CFG["nisim"], spec["verb"], "baseline.toml", "--out", out, "--progress", "none",
               "--until", "2011", "--scale", "0.01", "--jobs", "1", "--threads", "1"] + spec["args"]
        r = call(cmd, wd, spec.get("timeout", 120), _CFG["mem"])
        probs = _msg_problems(r, set(spec["expect"]))
        err = r.stderr[:MAX_MESSAGE * 4]
        if r.rc == 2 and not r.timeout:
            names = spec.get("names", [])
            if names and not any(n.encode() in err for n in names):
                probs.append(("not-named", "exit 2 message names none of %s" % ", ".join(names)))
            left = leftovers(wd, out)
            if left:
                probs.append(("output-left", "after exit 2, left behind: %s" % ", ".join(left)))
        if r.rc == 3 and not r.timeout:
            errs = []
            try:
                with open(os.path.join(out, "runs.csv"), newline="") as f:
                    for row in csv.DictReader(f):
                        if row.get("status") != "ok":
                            errs.append(row.get("error", ""))
            except OSError:
                probs.append(("exit-3-no-runs", "exit 3 without runs.csv"))
            bad = [e for e in errs if re.search(r"internal|invariant|not finite|nan|bad_alloc", e, re.I)]
            if bad:
                probs.append(("failed-runs", "%d run(s) failed inside documented ranges: %s" % (len(bad), bad[0][:300])))
        fs = [_finding(k, d, r, wd, {"spec": spec["tag"]}) for k, d in probs]
        if fs:
            shutil.rmtree(out, ignore_errors=True)
        saved = _save(fs, wd, re.sub(r"[^A-Za-z0-9_.=-]+", "_", spec["tag"])[:120]) if fs else None
        for f in fs:
            f["saved"] = saved
        return {"index": spec["tag"], "rc": r.rc if not r.timeout else "hang", "seconds": r.seconds,
                "rss_kb": r.rss_kb, "cmd": spec["tag"], "findings": fs}
    finally:
        shutil.rmtree(wd, ignore_errors=True)


# ---------------------------------------------------------------------------------------
# Specs of the parameter box, instruments and sweeps


def _num(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def _fmt(v, integer):
    if integer:
        return str(int(round(v)))
    return repr(float(v))


def read_params(nisim):
    out = subprocess.run([nisim, "params", "--format", "csv"], capture_output=True, check=True,
                         timeout=60).stdout.decode()
    rows = []
    for row in csv.DictReader(io.StringIO(out)):
        lo, hi = _num(row["min"]), _num(row["max"])
        if lo is None or hi is None:
            continue
        rows.append((row["name"], lo, hi, row.get("integer", "no") == "yes"))
    return rows


def read_instruments(nisim):
    out = subprocess.run([nisim, "instruments", "--format", "csv"], capture_output=True,
                         check=True, timeout=60).stdout.decode()
    return list(csv.DictReader(io.StringIO(out)))


def specs_params(params, seed, corners):
    rng = random.Random("nisim-fuzz-params:%s" % seed)
    specs = []
    for name, lo, hi, integer in params:
        for end, v in (("min", lo), ("max", hi)):
            specs.append({"tag": "param-%s-%s" % (name, end), "args": ["--set", "%s=%s" % (name, _fmt(v, integer))],
                          "expect": [0, 2], "names": [name]})
    for k in range(corners):
        n = rng.choice([2, 3, 5, 10, 20, 50, len(params)])
        chosen = rng.sample(params, min(n, len(params)))
        args, names = [], []
        for name, lo, hi, integer in chosen:
            args += ["--set", "%s=%s" % (name, _fmt(lo if rng.random() < 0.5 else hi, integer))]
            names.append(name)
        specs.append({"tag": "corner-%03d" % k, "args": args, "expect": [0, 2], "names": names})
    for name, lo, hi, integer in params:
        w = max(hi - lo, 1.0)
        bads = [_fmt(lo - w, integer), _fmt(hi + w, integer), "nan", "inf", "-inf", "abc", "", "1e999",
                "[1]", "true"]
        if integer:
            bads.append(repr(lo + 0.5) if lo + 0.5 < hi else "0.5")
        for b in bads:
            specs.append({"tag": "badset-%s=%s" % (name, b or "EMPTY"), "args": ["--set", "%s=%s" % (name, b)],
                          "expect": [2], "names": [name], "timeout": 20})
    return specs


def _block(row_block, name, keyvals, start=2011):
    head = b"[[policy]]\ninstrument" if row_block == "policy" else b"[[shock]]\nshock"
    s = head + b' = "' + name.encode() + b'"\nstart = ' + str(start).encode() + b"\n"
    for k, v in keyvals:
        s += k.encode() + b" = " + v.encode() + b"\n"
    return s


def specs_instruments(rows):
    specs = []
    by_inst = {}
    for row in rows:
        lo, hi = _num(row["min"]), _num(row["max"])
        by_inst.setdefault((row["block"], row["name"]), []).append((row["key"], lo, hi))
    for (blk, name), keys in sorted(by_inst.items()):
        for key, lo, hi in keys:
            if lo is None or hi is None:
                continue
            for end, v in (("min", lo), ("max", hi)):
                data = b'extends = "baseline.toml"\n\n' + _block(blk, name, [(key, repr(float(v)))])
                specs.append({"tag": "block-%s.%s-%s" % (name, key, end), "main": MAIN,
                              "files": {MAIN: data}, "args": [], "expect": [0, 2],
                              "names": [key, name]})
            w = max(hi - lo, 1.0)
            for b in (repr(lo - w), repr(hi + w), "nan", "inf", '"x"'):
                data = b'extends = "baseline.toml"\n\n' + _block(blk, name, [(key, b)])
                specs.append({"tag": "badblock-%s.%s=%s" % (name, key, b), "verb": "validate",
                              "main": MAIN, "files": {MAIN: data}, "args": [], "expect": [2],
                              "names": [key], "timeout": 20})
        for end in ("min", "max"):
            kv = [(k, repr(float(lo if end == "min" else hi))) for k, lo, hi in keys if lo is not None and hi is not None]
            data = b'extends = "baseline.toml"\n\n' + _block(blk, name, kv)
            specs.append({"tag": "blockall-%s-%s" % (name, end), "main": MAIN, "files": {MAIN: data},
                          "args": [], "expect": [0, 2], "names": [name]})
    return specs


def specs_sweep(params, seed):
    rng = random.Random("nisim-fuzz-sweep:%s" % seed)
    specs = []
    pick = rng.sample(params, min(6, len(params)))

    def prm(p, log=False):
        name, lo, hi, integer = p
        return "%s=%s:%s%s" % (name, _fmt(lo, integer), _fmt(hi, integer), ":log" if log else "")

    # small real sweeps over whole ranges: must finish
    specs.append({"tag": "sweep-lhs-whole-%s" % pick[0][0], "verb": "sweep",
                  "args": ["--design", "lhs", "--samples", "4", "--param", prm(pick[0])], "expect": [0, 3]})
    specs.append({"tag": "sweep-factorial-whole-2", "verb": "sweep",
                  "args": ["--design", "factorial", "--levels", "2", "--param", prm(pick[1]), "--param", prm(pick[2])],
                  "expect": [0, 3]})
    specs.append({"tag": "sweep-morris-whole-2", "verb": "sweep",
                  "args": ["--design", "morris", "--samples", "2", "--param", prm(pick[3]), "--param", prm(pick[4])],
                  "expect": [0, 3]})
    pos = [p for p in params if p[1] > 0]
    if pos:
        p = rng.choice(pos)
        specs.append({"tag": "sweep-sobol-log-%s" % p[0], "verb": "sweep",
                      "args": ["--design", "sobol", "--samples", "2", "--param", prm(p, True)], "expect": [0, 3]})
    specs.append({"tag": "ensemble-2", "verb": "ensemble", "args": ["--runs", "2"], "expect": [0]})
    # refused quickly
    p0 = pick[5]
    n0, lo0, hi0, int0 = p0
    huge = [
        ("ensemble-runs-1e9", "ensemble", ["--runs", "1000000000"], ["--runs", "1000000000"]),
        ("ensemble-runs-0", "ensemble", ["--runs", "0"], ["--runs"]),
        ("ensemble-runs-neg", "ensemble", ["--runs", "-5"], ["--runs"]),
        ("ensemble-runs-2^64", "ensemble", ["--runs", "18446744073709551617"], ["--runs"]),
        ("sweep-samples-1e9", "sweep", ["--design", "lhs", "--samples", "1000000000", "--param", prm(p0)], ["--samples", "1000000000"]),
        ("sweep-samples-0", "sweep", ["--design", "lhs", "--samples", "0", "--param", prm(p0)], ["--samples"]),
        ("sweep-samples-neg", "sweep", ["--design", "lhs", "--samples", "-3", "--param", prm(p0)], ["--samples"]),
        ("sweep-sobol-1e9", "sweep", ["--design", "sobol", "--samples", "1000000000", "--param", prm(p0)], ["--samples"]),
        ("sweep-morris-1e9", "sweep", ["--design", "morris", "--samples", "1000000000", "--param", prm(p0)], ["--samples"]),
        ("sweep-factorial-levels-1e5", "sweep", ["--design", "factorial", "--levels", "100000"] +
         sum([["--param", prm(p)] for p in pick[:4]], []), ["levels", "points", "runs"]),
        ("sweep-factorial-levels-0", "sweep", ["--design", "factorial", "--levels", "0", "--param", prm(p0)], ["levels"]),
        ("sweep-factorial-levels-1", "sweep", ["--design", "factorial", "--levels", "1", "--param", prm(p0)], ["levels"]),
        ("sweep-replications-1e9", "sweep", ["--design", "lhs", "--samples", "2", "--replications", "1000000000", "--param", prm(p0)], ["--replications"]),
        ("sweep-lo-eq-hi", "sweep", ["--design", "lhs", "--samples", "2", "--param", "%s=%s:%s" % (n0, _fmt(lo0, int0), _fmt(lo0, int0))], [n0]),
        ("sweep-lo-gt-hi", "sweep", ["--design", "lhs", "--samples", "2", "--param", "%s=%s:%s" % (n0, _fmt(hi0, int0), _fmt(lo0, int0))], [n0]),
        ("sweep-log-lo-zero", "sweep", ["--design", "lhs", "--samples", "2", "--param", "%s=0:%s:log" % (n0, _fmt(hi0, int0))], [n0]),
        ("sweep-log-lo-neg", "sweep", ["--design", "lhs", "--samples", "2", "--param", "%s=-1:%s:log" % (n0, _fmt(hi0, int0))], [n0]),
        ("sweep-out-of-range", "sweep", ["--design", "lhs", "--samples", "2", "--param", "%s=%s:%s" % (n0, _fmt(lo0 - 10 * max(1, hi0 - lo0), int0), _fmt(hi0, int0))], [n0]),
        ("sweep-nan", "sweep", ["--design", "lhs", "--samples", "2", "--param", "%s=nan:%s" % (n0, _fmt(hi0, int0))], [n0]),
        ("sweep-inf", "sweep", ["--design", "lhs", "--samples", "2", "--param", "%s=%s:inf" % (n0, _fmt(lo0, int0))], [n0]),
        ("sweep-unknown-param", "sweep", ["--design", "lhs", "--samples", "2", "--param", "no_such_param=0:1"], ["no_such_param"]),
        ("sweep-no-colon", "sweep", ["--design", "lhs", "--samples", "2", "--param", "%s=0.5" % n0], [n0]),
        ("sweep-bad-suffix", "sweep", ["--design", "lhs", "--samples", "2", "--param", "%s=%s:%s:lin" % (n0, _fmt(lo0, int0), _fmt(hi0, int0))], [n0, "lin"]),
        ("sweep-block-999", "sweep", ["--design", "lhs", "--samples", "2", "--param", "policy[999].x=0:1"], ["policy[999]"]),
        ("sweep-run-key", "sweep", ["--design", "lhs", "--samples", "2", "--param", "run.seed=0:10"], ["run.seed"]),
        ("sweep-no-param", "sweep", ["--design", "lhs", "--samples", "2"], ["--param"]),
        ("sweep-dup-param", "sweep", ["--design", "lhs", "--samples", "2", "--param", prm(p0), "--param", prm(p0)], [n0]),
        ("sweep-bad-design", "sweep", ["--design", "quasi", "--samples", "2", "--param", prm(p0)], ["--design", "quasi"]),
        ("sweep-file-dev-zero", "sweep", ["--design", "file", "--from", "/dev/zero"], ["/dev/zero"]),
        ("sweep-file-missing", "sweep", ["--design", "file", "--from", "missing.csv"], ["missing.csv"]),
        ("sweep-file-dir", "sweep", ["--design", "file", "--from", "."], ["--from", "."]),
        ("sweep-file-empty", "sweep", ["--design", "file", "--from", "empty.csv"], ["empty.csv"]),
        ("sweep-file-huge", "sweep", ["--design", "file", "--from", "huge.csv"], ["huge.csv"]),
        ("sweep-file-bad-values", "sweep", ["--design", "file", "--from", "bad.csv"], ["bad.csv"]),
        ("sweep-shard-bad", "sweep", ["--design", "lhs", "--samples", "2", "--param", prm(p0), "--shard", "3/2"], ["--shard"]),
        ("ensemble-scale-2-until-2100", "ensemble", ["--runs", "1000", "--scale", "2", "--until", "2100"], ["--runs", "--scale", "estimate", "memory", "time"]),
    ]
    files = {"empty.csv": b"",
             "huge.csv": (n0 + "\n").encode() + (_fmt(lo0, int0) + "\n").encode() * 2000000,
             "bad.csv": (n0 + "\nnan\ninf\nabc\n" + _fmt(hi0 + 10 * max(1, hi0 - lo0), int0) + "\n").encode()}
    for tag, verb, args, names in huge:
        fl = {k: v for k, v in files.items() if k in " ".join(args)}
        specs.append({"tag": tag, "verb": verb, "args": args, "expect": [2], "names": names,
                      "timeout": 20, "files": fl})
    return specs


# ---------------------------------------------------------------------------------------
# Driver


def load_shipped(d):
    shipped = {}
    for n in sorted(os.listdir(d)):
        if n.endswith(".toml"):
            with open(os.path.join(d, n), "rb") as f:
                shipped[n] = f.read()
    return shipped


class Stats:
    def __init__(self, mode):
        self.mode = mode
        self.n = 0
        self.codes = {}
        self.slowest = (0.0, None)
        self.times = []
        self.peak_rss = (0, None)
        self.findings = []
        self.t0 = time.monotonic()
        self.wall = 0.0

    def add(self, res):
        self.n += 1
        self.codes[res["rc"]] = self.codes.get(res["rc"], 0) + 1
        self.times.append((res["seconds"], res["index"], " ".join(res.get("ops", []))))
        if res["seconds"] > self.slowest[0]:
            self.slowest = (res["seconds"], res["cmd"] + " [%s]" % res["index"])
        if res["rss_kb"] > self.peak_rss[0]:
            self.peak_rss = (res["rss_kb"], res["cmd"] + " [%s]" % res["index"])
        for f in res["findings"]:
            f["index"] = res["index"]
            self.findings.append(f)

    def line(self):
        codes = ", ".join("%s: %d" % (k, v) for k, v in sorted(self.codes.items(), key=lambda kv: str(kv[0])))
        return ("%-18s %6d calls in %6.1f s; exit codes {%s}; slowest %.2f s (%s); peak RSS %.0f MiB (%s); %d finding(s)"
                % (self.mode, self.n, self.wall, codes, self.slowest[0], self.slowest[1],
                   self.peak_rss[0] / 1024.0, self.peak_rss[1], len(self.findings)))


def _signature(f):
    msg = f["stderr"].split("\n", 1)[0]
    msg = re.sub(r"/tmp/\S+", "TMP", msg)
    msg = re.sub(r"'[^']*'", "'…'", msg)
    msg = re.sub(r"\d+(\.\d+)?(e[-+]?\d+)?", "N", msg)
    return "%s | %s" % (f["kind"], msg[:160])


def run_pool(fn, items, stats, ex, progress_every=0, quiet=False):
    for res in ex.map(fn, items, chunksize=4):
        stats.add(res)
        if progress_every and stats.n % progress_every == 0 and not quiet:
            print("  %s: %d done, %d finding(s), %.0f s" % (stats.mode, stats.n, len(stats.findings),
                                                        time.monotonic() - stats.t0), file=sys.stderr, flush=True)
    stats.wall = time.monotonic() - stats.t0


def env_override(args):
    for flag, var, conv in (("mutants", "NISIM_FUZZ_MUTANTS", int), ("runs", "NISIM_FUZZ_RUNS", int),
                            ("corners", "NISIM_FUZZ_CORNERS", int), ("seed", "NISIM_FUZZ_SEED", str),
                            ("jobs", "NISIM_FUZZ_JOBS", int), ("mem_limit_mb", "NISIM_FUZZ_MEM_LIMIT_MB", int)):
        v = os.environ.get(var)
        if v not in (None, ""):
            setattr(args, flag, conv(v))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--nisim", default=os.path.join(REPO, "build", "nisim"), help="the program (default build/nisim)")
    ap.add_argument("--scenarios", default=os.path.join(REPO, "scenarios"), help="folder of the shipped scenarios")
    ap.add_argument("--mode", default="all", help="scenarios,params,instruments,sweep or all (default)")
    ap.add_argument("--seed", default="9", help="seed of every random choice (default 9)")
    ap.add_argument("--mutants", type=int, default=10000, help="scenario mutants through validate (default 10000)")
    ap.add_argument("--runs", type=int, default=300, help="accepted mutants also run for two years (default 300)")
    ap.add_argument("--corners", type=int, default=100, help="random corners of the parameter box (default 100)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--mem-limit-mb", type=int, default=4096, help="RLIMIT_AS of every call in MiB; 0 = none (sanitizer builds)")
    ap.add_argument("--validate-timeout", type=float, default=20.0, help="seconds before a validate call is a hang")
    ap.add_argument("--run-timeout", type=float, default=60.0, help="seconds before a run call is a hang")
    ap.add_argument("--timeout-mult", type=float, default=1.0, help="multiply every time limit (e.g. 3 for a sanitizer build)")
    ap.add_argument("--findings", default=os.path.join(tempfile.gettempdir(), "nisim-fuzz-findings"),
                    help="folder for failing inputs (default $TMPDIR/nisim-fuzz-findings)")
    ap.add_argument("--only", type=int, action="append", help="run only mutant I of --seed (repeatable; scenarios mode)")
    ap.add_argument("--dump", metavar="DIR", help="write mutants (with --only, or the first --mutants) into DIR and exit")
    ap.add_argument("--quiet", action="store_true", help="no progress lines")
    args = ap.parse_args(argv)
    env_override(args)
    if tomllib is None:
        ap.error("needs Python >= 3.11 (tomllib); use /usr/bin/python3 on Debian 12")
    modes = ["scenarios", "params", "instruments", "sweep"] if args.mode == "all" else args.mode.split(",")
    for md in modes:
        if md not in ("scenarios", "params", "instruments", "sweep"):
            ap.error("unknown mode %r" % md)
    nisim = os.path.abspath(args.nisim)
    if not os.access(nisim, os.X_OK):
        ap.error("%s is not an executable (build it first)" % nisim)
    # A private copy of the program: a rebuild of build/nisim during a long run (a shared
    # work tree) must not make calls fail. Reproducers name the original.
    bindir = tempfile.mkdtemp(prefix="nisim-fuzz-bin-")
    atexit_rm = bindir
    shutil.copy2(nisim, os.path.join(bindir, "nisim"))
    orig_nisim, nisim = nisim, os.path.join(bindir, "nisim")
    try:
        return _main(args, modes, nisim, orig_nisim)
    finally:
        shutil.rmtree(atexit_rm, ignore_errors=True)


def _main(args, modes, nisim, orig_nisim):
    shipped = load_shipped(args.scenarios)
    if "baseline.toml" not in shipped:
        print("error: no baseline.toml in %s" % args.scenarios, file=sys.stderr)
        return 2
    params = read_params(nisim)
    cfg = {"nisim": nisim, "seed": args.seed, "shipped": shipped, "params": params,
           "mem": args.mem_limit_mb, "validate_timeout": args.validate_timeout * args.timeout_mult,
           "run_timeout": args.run_timeout * args.timeout_mult, "findings": os.path.abspath(args.findings),
           "nisim_orig": orig_nisim}

    if args.dump:
        os.makedirs(args.dump, exist_ok=True)
        for i in (args.only or range(args.mutants)):
            m = make_mutant(args.seed, i, shipped, params)
            d = os.path.join(args.dump, "%05d" % i)
            os.makedirs(d, exist_ok=True)
            write_mutant(m, d, shipped)
            with open(os.path.join(d, "ops.txt"), "w") as f:
                f.write("main: %s\nops: %s\nset: %s\n" % (m.main, " ".join(m.ops), m.set))
        print("wrote %d mutant folder(s) into %s" % (len(args.only or range(args.mutants)), args.dump))
        return 0

    if os.path.isdir(cfg["findings"]):
        shutil.rmtree(cfg["findings"], ignore_errors=True)
    t_all = time.monotonic()
    print("nisim fuzz: %s, seed %s, modes %s, %d job(s), memory limit %s, findings in %s"
          % (orig_nisim, args.seed, ",".join(modes), args.jobs,
             ("%d MiB" % args.mem_limit_mb) if args.mem_limit_mb > 0 else "none", cfg["findings"]), flush=True)
    all_stats = []
    with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, args.jobs), initializer=_init_worker,
                                                initargs=(cfg,)) as ex:
        if "scenarios" in modes:
            st = Stats("scenarios/validate")
            idx = args.only or list(range(args.mutants))
            accepted = []
            for res in ex.map(task_validate, idx, chunksize=8):
                st.add(res)
                if res["rc"] == 0:
                    accepted.append((res["index"], res["start"]))
                if not args.quiet and st.n % 1000 == 0:
                    print("  validate: %d done, %d accepted, %d finding(s), %.0f s" % (
                        st.n, len(accepted), len(st.findings), time.monotonic() - st.t0), file=sys.stderr, flush=True)
            st.wall = time.monotonic() - st.t0
            all_stats.append(st)
            print(st.line(), flush=True)
            rng = random.Random("nisim-fuzz-runs:%s" % args.seed)
            sample = accepted if args.only else rng.sample(accepted, min(args.runs, len(accepted)))
            sample.sort()
            st = Stats("scenarios/run")
            if len(sample) < args.runs and not args.only:
                print("  note: only %d accepted mutants to run (asked %d)" % (len(sample), args.runs), flush=True)
            run_pool(task_run_mutant, sample, st, ex, 100, args.quiet)
            all_stats.append(st)
            print(st.line(), flush=True)
        if "params" in modes:
            st = Stats("params")
            run_pool(task_short_run, specs_params(params, args.seed, args.corners), st, ex, 300, args.quiet)
            all_stats.append(st)
            print(st.line(), flush=True)
        if "instruments" in modes:
            st = Stats("instruments")
            run_pool(task_short_run, specs_instruments(read_instruments(nisim)), st, ex, 100, args.quiet)
            all_stats.append(st)
            print(st.line(), flush=True)
        if "sweep" in modes:
            st = Stats("sweep")
            specs = specs_sweep(params, args.seed)
            for s in specs:
                s["timeout"] = s.get("timeout", 120) * args.timeout_mult
            run_pool(task_experiment, specs, st, ex, 0, args.quiet)
            all_stats.append(st)
            print(st.line(), flush=True)

    wall = time.monotonic() - t_all
    findings = [f for s in all_stats for f in s.findings]
    groups = {}
    for f in findings:
        groups.setdefault(_signature(f), []).append(f)
    print()
    print("summary: %s: %d calls, %.1f s wall with %d job(s), %d finding(s), %d distinct"
          % (orig_nisim, sum(s.n for s in all_stats), wall, args.jobs, len(findings), len(groups)))
    for s in all_stats:
        print("  " + s.line())
        ts = sorted(s.times, reverse=True)
        if ts:
            total = sum(t for t, _, _ in ts)
            print("    call time: total %.1f s, median %.3f s; slowest: %s" % (
                total, ts[len(ts) // 2][0], "; ".join("%.1f s %s %s" % t for t in ts[:5])))
    for sig, fs in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        f = min(fs, key=lambda x: (x["extra"].get("index", 0) if isinstance(x["extra"].get("index"), int) else 0))
        print("\nFINDING x%d: %s\n  example: %s (%s)\n  detail: %s\n  command: (cd %s) %s\n  stderr: %s"
              % (len(fs), sig, f["index"], " ".join(f["extra"].get("ops", [])) or f["extra"].get("spec", ""),
                 f["detail"], f["saved"] or f["cwd"], " ".join(_shq(c.replace(nisim, orig_nisim)) for c in (f["cmd"] or [])),
                 f["stderr"][:400].replace("\n", "\n          ")))
        if f.get("saved"):
            print("  reproduce: sh %s/repro.sh" % f["saved"])
    with_summary = cfg["findings"]
    if findings:
        os.makedirs(with_summary, exist_ok=True)
        with open(os.path.join(with_summary, "summary.json"), "w") as fh:
            json.dump({"seed": args.seed, "modes": modes, "wall_seconds": wall,
                       "stats": [{"mode": s.mode, "calls": s.n, "codes": {str(k): v for k, v in s.codes.items()},
                                  "slowest": s.slowest, "wall": s.wall} for s in all_stats],
                       "distinct": {k: len(v) for k, v in groups.items()}}, fh, indent=1, default=str)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
