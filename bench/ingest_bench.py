"""HTTP ingestion against a real `nazar serve` process, on SQLite and PostgreSQL, with one or more workers.

    .venv/bin/python bench/ingest_bench.py --database both --workers 1 2 --json bench/results/ingest.json

Targets (the ingestion issue, 2-core machine): one ticket message at 100 requests/s with p99 <= 50 ms, and batch
ingest >= 2,000 items/s.

Method, per worker count in `--workers` and per database (each pair is one column of the table, and a whole run):

1. A fresh database: a new SQLite file, or a new PostgreSQL database (dropped at the end). `nazar keys create`
   migrates it and makes an admin key; then `nazar serve --workers N` starts on a free port, its stdout and stderr
   captured to a file, and the bench waits for `GET /health` and for every worker's "started" log line (each
   worker loads the models before it accepts connections; a worker still loading would leave all connections to
   the others).
2. Single messages (`POST /v1/tickets/bench/{ticket}/messages`): an open-loop load generator launches request i at
   start + i/rate whether or not earlier requests have finished, and measures each latency from that scheduled
   time, not from the moment the request went out. A request takes the next idle connection of a fixed pool of
   keep-alive connections (`--connections`, opened before the clock starts, used in turn); when none is idle it
   waits, and that wait counts as latency. A slow server therefore shows up as latency instead of a silently
   lower rate (no coordinated omission). Messages go to tickets picked at random from a fixed set. A warm-up at
   the same rate comes first and is not counted.
3. The same endpoint one request at a time (each sent when the previous one was answered), on one connection:
   the service time of one message with no queueing, hence the most requests/s one worker can serve.
4. Batches (`POST /v1/feedback/batch`): the same number of items is sent with one client posting batches back to
   back, then with two clients at once (one connection each). items/s = items created / wall time of the phase.
   One warm-up batch first.

The load generator is a minimal HTTP/1.1 client on raw asyncio streams (`asyncio.open_connection`), not httpx:
it runs on the same machine as the server and competes with it for the same cores, and httpx cost about 5 ms of
CPU per request (40-67 % of a core at 100 requests/s on 2 cores), which starved the server it measured. Requests
are encoded to their final bytes (request line, Host, Content-Type, Content-Length, Authorization, body) before
the clock starts; a response is read as a status line, headers up to the blank line, and a Content-Length (or
chunked) body; `Connection: close` and connections idle for longer than uvicorn keeps them are reopened.

Texts are generated: handwritten Persian (formal and colloquial) and Arabic (MSA, Egyptian, Gulf) fragments about
deliveries, refunds, rude or helpful support and plain questions, combined at random with a running order number,
so no two texts are equal (the words repeat, as in real traffic, so per-word caches warm up). Per phase, the
machine's busy time is split into the server (the `nazar serve` process and all its descendants: uvicorn's
supervisor, its workers, multiprocessing's resource tracker), the load generator, postgres processes and
everything else, and the server's CPU time per message and per item is reported. Afterwards the server's output
(JSON log lines; with several workers, structlog's console lines, which the workers write as their logging is not
configured) is scanned for tracebacks, error-level lines and 5xx responses, and its own request times are
summarised per route.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

KEY_PATTERN = re.compile(r"nzr_[A-Za-z0-9_-]+")
# A worker's "started" event (models loaded), as a JSON line or as a structlog console line.
STARTED_PATTERN = re.compile(r'"event": "started"|\] started\s')
ANSI_PATTERN = re.compile(r"\x1b\[[0-9;]*m")
CONSOLE_LINE_PATTERN = re.compile(r"^\S+ \S+ \[(\w+)\s*\] (\S+)\s*(.*)$")
CONSOLE_FIELD_PATTERN = re.compile(r"(\w+)=('[^']*'|\"[^\"]*\"|\S+)")
DEFAULT_PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
SOURCE = "bench"
MAX_ERROR_SAMPLES = 5
SINGLE_P99_TARGET_MS = 50.0
BATCH_TARGET_ITEMS_PER_S = 2000.0
CPU_LABEL = "{}: CPU server / load generator / postgres / other processes (% of a core)"
IDLE_S = 2.0  # reopen a connection idle for longer than this; uvicorn closes them after 5 s
REQUEST_TIMEOUT_S = 120.0

FRAGMENTS: dict[str, tuple[str, ...]] = {
    "fa": (
        "سفارشم با ده روز تأخیر رسید و هیچ‌کس پاسخگو نبود.",
        "مبلغ بازگشت وجه هنوز به حسابم واریز نشده است.",
        "کارشناس پشتیبانی تلفنی بسیار بی‌ادبانه برخورد کرد و تماس را قطع کرد.",
        "از کیفیت محصول و بسته‌بندی بسیار راضی هستم.",
        "لطفاً بفرمایید هزینه ارسال به شهرستان چقدر است؟",
        "کالای ارسالی با تصویر سایت مطابقت نداشت و رنگش فرق می‌کرد.",
        "کارشناس پشتیبانی با حوصله مشکل را حل کرد، سپاسگزارم.",
        "آیا امکان تغییر آدرس پس از ثبت سفارش وجود دارد؟",
        "سه بار تیکت ثبت کردم و هر بار بدون پاسخ بسته شد.",
    ),
    "fa-colloquial": (
        "سلام، بسته‌م هنوز نرسیده، پس کجاست؟",
        "پولمو کی برمی‌گردونین؟ دو هفته‌ست منتظرم",
        "پیک خیلی بداخلاق بود، اصلاً درست جواب نداد",
        "دمتون گرم، خیلی سریع رسید",
        "اپتون هی کرش می‌کنه، نمی‌تونم پرداخت کنم",
        "گرونه ولی کیفیتش عالیه",
        "چرا هیچکی جواب تیکتمو نمیده؟",
        "کد تخفیف کار نمی‌کنه، چیکار کنم؟",
        "یه هفته‌ست می‌گین فردا می‌رسه، خسته شدم دیگه",
    ),
    "ar": (
        "تأخر الطلب أسبوعين ولم يتواصل معي أحد.",
        "لم يتم استرداد المبلغ حتى الآن رغم الوعود المتكررة.",
        "موظف خدمة العملاء كان وقحاً جداً وأغلق المكالمة.",
        "المنتج ممتاز والتغليف رائع، شكراً لكم.",
        "هل يمكن تغيير عنوان التوصيل بعد تأكيد الطلب؟",
        "وصل المنتج تالفاً وأطلب الاستبدال في أسرع وقت.",
        "الرسوم المخفية عند الدفع غير مقبولة إطلاقاً.",
        "خدمة سريعة وتعامل راقٍ، أنصح بكم.",
    ),
    "ar-egyptian": (
        "الأوردر اتأخر جامد ومحدش بيرد عليا",
        "عايز فلوسي ترجع، بقالي شهر مستني",
        "المندوب كان قليل الذوق جداً",
        "بصراحة الخدمة حلوة أوي وهشتري تاني",
        "هو إزاي أغير رقم التليفون في الحساب؟",
        "الأبلكيشن بيهنج كل شوية ومش عارف أدفع",
    ),
    "ar-gulf": (
        "الطلب ما وصل للحين، وش السالفة؟",
        "أبي أرجع المنتج بس ما أحد يرد علي",
        "الموظف تعامله شين مرة",
        "والله خدمتكم زينة وسريعة، مشكورين",
        "كم ياخذ التوصيل للرياض؟",
        "الخصم ما انطبق على الفاتورة، ليش؟",
    ),
}
OPENERS: dict[str, tuple[str, ...]] = {
    "fa": ("", "سلام،", "با سلام و احترام،", "وقت بخیر،"),
    "ar": ("", "مرحباً،", "السلام عليكم،", "لو سمحت،"),
}
CLOSERS: dict[str, tuple[str, ...]] = {
    "fa": ("", "ممنون.", "لطفاً پیگیری کنید.", "منتظر پاسخ هستم."),
    "ar": ("", "شكراً.", "أرجو المتابعة.", "بانتظار ردكم."),
}
ORDER_LABELS: dict[str, tuple[str, ...]] = {
    "fa": ("شماره سفارش", "کد پیگیری", "سفارش"),
    "ar": ("رقم الطلب", "رقم الشكوى", "طلب رقم"),
}
NATIVE_DIGITS = {"fa": str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"), "ar": str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")}


# --------------------------------------------------------------------------------------------------- texts


def make_text(rng: random.Random, index: int) -> str:
    """One feedback text: opener, one to three fragments of one variety, a unique order number, closer."""
    variety = rng.choice(sorted(FRAGMENTS))
    language = variety.split("-")[0]
    fragments = FRAGMENTS[variety]
    body = rng.sample(fragments, k=rng.randint(1, min(3, len(fragments))))
    number = str(100_000 + index)
    if rng.random() < 0.5:
        number = number.translate(NATIVE_DIGITS[language])
    reference = f"({rng.choice(ORDER_LABELS[language])} {number})"
    parts = [rng.choice(OPENERS[language]), *body, reference, rng.choice(CLOSERS[language])]
    return " ".join(part for part in parts if part)


# ------------------------------------------------------------------------------------------- request plans


@dataclass(frozen=True)
class PlannedRequest:
    path: str
    body: bytes


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def plan_messages(rng: random.Random, run_tag: str, start: int, count: int, tickets: int) -> list[PlannedRequest]:
    """`count` ticket messages with unique message ids, each to a ticket drawn at random from `tickets`."""
    plans = []
    for index in range(start, start + count):
        ticket = f"{run_tag}-t{rng.randrange(tickets)}"
        body = encode({"message_id": f"{run_tag}-m{index}", "text": make_text(rng, index)})
        plans.append(PlannedRequest(f"/v1/tickets/{SOURCE}/{ticket}/messages", body))
    return plans


def plan_batches(rng: random.Random, run_tag: str, start: int, items: int, batch_size: int) -> list[PlannedRequest]:
    """`items` feedback items with unique external ids, in batches of at most `batch_size`."""
    plans = []
    for first in range(start, start + items, batch_size):
        last = min(first + batch_size, start + items)
        batch = [
            {"text": make_text(rng, index), "external_id": f"{run_tag}-f{index}", "channel": "survey"}
            for index in range(first, last)
        ]
        plans.append(PlannedRequest("/v1/feedback/batch", encode({"items": batch})))
    return plans


# ----------------------------------------------------------------------------------------------- statistics


@dataclass(frozen=True)
class LatencySummary:
    count: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return float("nan")
    rank = max(1, round(fraction * len(sorted_values) + 0.5 - 1e-9))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def summarize(latencies_s: Sequence[float]) -> LatencySummary:
    values = sorted(value * 1000 for value in latencies_s)
    return LatencySummary(
        count=len(values),
        p50_ms=percentile(values, 0.50),
        p90_ms=percentile(values, 0.90),
        p99_ms=percentile(values, 0.99),
        max_ms=values[-1] if values else float("nan"),
    )


@dataclass(frozen=True)
class CpuSnapshot:
    wall: float
    server_s: dict[int, float]  # per process of the server's tree: workers may come and go
    bench_s: float
    postgres_s: dict[int, float]  # per process: backends come and go during a phase
    machine_s: float


@dataclass(frozen=True)
class CpuUse:
    """CPU use over a phase in percent of one core: the server, the load generator, PostgreSQL, the rest."""

    server_pct: float
    bench_pct: float
    postgres_pct: float
    other_pct: float
    server_s: float  # the server's CPU seconds over the phase: work per request, whatever else ran
    bench_s: float  # the load generator's CPU seconds over the phase
    server_pct_by_process: dict[int, float]  # the server's share per process (pid) alive at the end


@dataclass(frozen=True)
class ProcessStat:
    name: str
    parent: int
    cpu_s: float


def process_table() -> dict[int, ProcessStat]:
    """Every process: its name, parent and user + system CPU time, from /proc/PID/stat."""
    ticks = os.sysconf("SC_CLK_TCK")
    table = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                text = (entry / "stat").read_text()
                name = text[text.index("(") + 1 : text.rindex(")")]
                fields = text.rsplit(")", 1)[1].split()
                table[int(entry.name)] = ProcessStat(name, int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks)
    return table


def tree_cpu_seconds(table: dict[int, ProcessStat], root: int) -> dict[int, float]:
    """CPU time of `root` and of all its descendants, per process."""
    children: dict[int, list[int]] = {}
    for pid, stat in table.items():
        children.setdefault(stat.parent, []).append(pid)
    seconds, pending = {}, [root]
    while pending:
        pid = pending.pop()
        if pid in table:
            seconds[pid] = table[pid].cpu_s
        pending.extend(children.get(pid, []))
    return seconds


def machine_busy_seconds() -> float:
    """CPU time all cores spent on anything but idle and I/O wait since boot, from /proc/stat."""
    ticks = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def cpu_snapshot(server_pid: int) -> CpuSnapshot:
    bench, table = time.process_time(), process_table()
    postgres = {pid: stat.cpu_s for pid, stat in table.items() if stat.name == "postgres"}
    server = tree_cpu_seconds(table, server_pid)
    return CpuSnapshot(time.perf_counter(), server, bench, postgres, machine_busy_seconds())


def _used_since(before: dict[int, float], after: dict[int, float]) -> dict[int, float]:
    """Per process alive at the end: what it used since the start (all of it if it started since)."""
    return {pid: used - before.get(pid, 0.0) for pid, used in after.items()}


def cpu_use(before: CpuSnapshot, after: CpuSnapshot) -> CpuUse:
    wall = max(after.wall - before.wall, 1e-9)
    server_by_process = _used_since(before.server_s, after.server_s)
    server = sum(server_by_process.values())
    bench = after.bench_s - before.bench_s
    # The CPU of processes that ended during the phase (postgres backends, mostly) is lost, and lands in "other".
    postgres = sum(_used_since(before.postgres_s, after.postgres_s).values())
    other = max(after.machine_s - before.machine_s - server - bench - postgres, 0.0)
    by_process = {pid: 100 * used / wall for pid, used in sorted(server_by_process.items())}
    return CpuUse(
        100 * server / wall, 100 * bench / wall, 100 * postgres / wall, 100 * other / wall, server, bench, by_process
    )


# ---------------------------------------------------------------------------------------------- HTTP client


class ResponseError(Exception):
    """A response this client cannot read: a malformed status line or headers."""


# No usable HTTP response: refused or reset connections and timeouts (OSError), a connection closed mid-response,
# headers over the stream's 64 KiB limit, a malformed status line or Content-Length (ValueError).
TRANSPORT_ERRORS = (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ResponseError, ValueError)


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes


@dataclass(frozen=True)
class Head:
    status: int
    content_length: int | None
    chunked: bool
    close: bool


def parse_head(head: bytes) -> Head:
    """The status line and the headers that frame the body, from everything up to and including the blank line."""
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
        raise ResponseError(f"bad status line {lines[0][:100]!r}")
    content_length, chunked, close = None, False, parts[0] == "HTTP/1.0"
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == "content-length":
            content_length = int(value)
        elif name == "transfer-encoding":
            chunked = "chunked" in value
        elif name == "connection" and ("close" in value or "keep-alive" in value):
            close = "close" in value
    return Head(int(parts[1]), content_length, chunked, close)


async def read_chunked(reader: asyncio.StreamReader) -> bytes:
    body = bytearray()
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";", 1)[0], 16)
        if size == 0:
            while (await reader.readuntil(b"\r\n")) != b"\r\n":  # trailers, up to the blank line
                pass
            return bytes(body)
        body += (await reader.readexactly(size + 2))[:-2]


class Connection:
    """One keep-alive HTTP/1.1 connection, opened on first use and reopened after it was closed or sat idle."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self.last_used = 0.0
        self.opened = 0

    async def open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self.streams is not None:
            reader = self.streams[0]
            # uvicorn closes a connection idle for 5 s; reusing one it is closing at that moment would fail.
            if reader.at_eof() or reader.exception() is not None or time.perf_counter() - self.last_used > IDLE_S:
                self.close()
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
            self.last_used = time.perf_counter()
            self.opened += 1
        return self.streams

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None

    async def request(self, data: bytes) -> Response:
        reader, writer = await self.open()
        writer.write(data)
        await writer.drain()
        head = parse_head(await reader.readuntil(b"\r\n\r\n"))
        close = head.close
        if head.chunked:
            body = await read_chunked(reader)
        elif head.content_length is not None:
            body = await reader.readexactly(head.content_length)
        elif head.status in (204, 304) or 100 <= head.status < 200:
            body = b""
        else:  # delimited by the end of the connection
            body, close = await reader.read(), True
        self.last_used = time.perf_counter()
        if close:
            self.close()
        return Response(head.status, body)


@dataclass(frozen=True)
class EncodedRequest:
    path: str
    data: bytes  # the whole request as sent: request line, headers, body


@dataclass(frozen=True)
class Outcome:
    scheduled: float  # when the request should have gone out; latency counts from here
    launched: float  # when the generator got to it (later than scheduled if the generator lagged)
    sent: float  # when it had a connection and was written (later than launched if no connection was idle)
    done: float
    status: int  # 0: no HTTP response (connection error, malformed response, timeout)
    error: str | None
    created: int


def _created(response: Response) -> int:
    """Items stored by one response: 1 for a 201, a batch's "created" count for a 200, else 0."""
    if response.status == 201:
        return 1
    if response.status != 200:
        return 0
    with contextlib.suppress(ValueError):
        body = json.loads(response.body)
        created = body.get("created", 0) if isinstance(body, dict) else 0
        return created if isinstance(created, int) else 0
    return 0


class ConnectionPool:
    """A fixed number of keep-alive connections to the server; a request takes the next idle one, in turn."""

    def __init__(self, server: Server, size: int) -> None:
        host, _, port = server.base_url.removeprefix("http://").partition(":")
        self.connections = [Connection(host, int(port)) for _ in range(size)]
        self.idle: asyncio.Queue[Connection] = asyncio.Queue()
        for connection in self.connections:
            self.idle.put_nowait(connection)
        self.head = (
            f"Host: {host}:{port}\r\nContent-Type: application/json\r\nAuthorization: Bearer {server.key}\r\n"
        ).encode("ascii")

    def encode(self, plans: Sequence[PlannedRequest]) -> list[EncodedRequest]:
        return [
            EncodedRequest(
                plan.path,
                b"POST %s HTTP/1.1\r\n%sContent-Length: %d\r\n\r\n%s"
                % (plan.path.encode("ascii"), self.head, len(plan.body), plan.body),
            )
            for plan in plans
        ]

    async def __aenter__(self) -> ConnectionPool:
        """Open every connection before any clock starts."""
        await asyncio.gather(*(connection.open() for connection in self.connections))
        return self

    async def __aexit__(self, *_: object) -> None:
        for connection in self.connections:
            connection.close()

    @property
    def opened(self) -> int:
        return sum(connection.opened for connection in self.connections)

    async def post(self, request: EncodedRequest, scheduled: float) -> Outcome:
        """POST one encoded request; latency counts from `scheduled`, waiting for an idle connection included."""
        launched = time.perf_counter()
        connection = await self.idle.get()
        sent = time.perf_counter()
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT_S):
                response = await connection.request(request.data)
        except TRANSPORT_ERRORS as error:
            connection.close()
            done = time.perf_counter()
            detail = f"{type(error).__name__} ({error!r}) {request.path}, {1000 * (done - sent):.0f} ms after sending"
            return Outcome(scheduled, launched, sent, done, 0, detail, 0)
        finally:
            self.idle.put_nowait(connection)
        done = time.perf_counter()
        ok = 200 <= response.status < 300
        text = response.body[:300].decode("utf-8", errors="replace")
        error_text = None if ok else f"{response.status} {request.path}: {text}"
        return Outcome(scheduled, launched, sent, done, response.status, error_text, _created(response))


async def open_loop(pool: ConnectionPool, requests: Sequence[EncodedRequest], rate: float) -> list[Outcome]:
    """Launch request i at start + i/rate regardless of completions; wait for all of them."""
    start = time.perf_counter() + 0.05
    tasks = []
    for index, request in enumerate(requests):
        scheduled = start + index / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(pool.post(request, scheduled)))
    return list(await asyncio.gather(*tasks))


async def closed_loop(pool: ConnectionPool, requests: Sequence[EncodedRequest], clients: int) -> list[Outcome]:
    """`clients` workers, each posting the next unsent request as soon as its previous one is answered."""
    pending = iter(requests)  # shared by the workers; safe, they all run on one event loop

    async def worker() -> list[Outcome]:
        return [await pool.post(request, time.perf_counter()) for request in pending]

    results = await asyncio.gather(*(worker() for _ in range(clients)))
    return [outcome for result in results for outcome in result]


# -------------------------------------------------------------------------------------------------- phases


@dataclass(frozen=True)
class PhaseErrors:
    failed: int
    status_counts: dict[str, int]
    samples: list[str]


def phase_errors(outcomes: Sequence[Outcome]) -> PhaseErrors:
    counts = Counter(str(outcome.status) for outcome in outcomes)
    failures = [outcome.error for outcome in outcomes if outcome.error is not None]
    return PhaseErrors(len(failures), dict(sorted(counts.items())), failures[:MAX_ERROR_SAMPLES])


@dataclass(frozen=True)
class SingleResult:
    target_rate: float
    duration_s: float
    tickets: int
    connections: int
    connections_opened: int  # over warm-up and measurement, the initial ones included
    requests: int
    send_rate: float
    ok_per_s: float
    latency: LatencySummary
    max_send_lag_ms: float  # how late the generator launched a request
    max_connection_wait_ms: float  # how long a launched request waited for an idle connection
    errors: PhaseErrors
    warmup_errors: PhaseErrors
    cpu: CpuUse


@dataclass(frozen=True)
class BatchResult:
    clients: int
    batch_size: int
    batches: int
    items_sent: int
    items_created: int
    wall_s: float
    items_per_s: float
    batch_latency: LatencySummary
    errors: PhaseErrors
    cpu: CpuUse


@dataclass(frozen=True)
class ProbeResult:
    """Sequential single messages, one at a time: the service time of one request with no queueing."""

    requests: int
    latency: LatencySummary
    mean_ms: float
    capacity_per_s: float
    errors: PhaseErrors
    cpu: CpuUse


@dataclass(frozen=True)
class Server:
    base_url: str
    key: str
    pid: int
    workers: int


def single_result(
    args: argparse.Namespace, outcomes: list[Outcome], warmup: list[Outcome], cpu: CpuUse, opened: int
) -> SingleResult:
    start = min(outcome.scheduled for outcome in outcomes)
    send_span = max(max(outcome.launched for outcome in outcomes) - start, 1e-9)
    finish = max(outcome.done for outcome in outcomes) - start
    ok = [outcome for outcome in outcomes if outcome.error is None]
    return SingleResult(
        target_rate=args.rate,
        duration_s=args.duration,
        tickets=args.tickets,
        connections=args.connections,
        connections_opened=opened,
        requests=len(outcomes),
        send_rate=(len(outcomes) - 1) / send_span,
        ok_per_s=len(ok) / finish,
        latency=summarize([outcome.done - outcome.scheduled for outcome in outcomes]),
        max_send_lag_ms=1000 * max(outcome.launched - outcome.scheduled for outcome in outcomes),
        max_connection_wait_ms=1000 * max(outcome.sent - outcome.launched for outcome in outcomes),
        errors=phase_errors(outcomes),
        warmup_errors=phase_errors(warmup),
        cpu=cpu,
    )


async def run_single(server: Server, args: argparse.Namespace, rng: random.Random, run_tag: str) -> SingleResult:
    warmup_count = round(args.rate * args.warmup)
    count = round(args.rate * args.duration)
    warmup_plans = plan_messages(rng, run_tag, 0, warmup_count, args.tickets)
    plans = plan_messages(rng, run_tag, warmup_count, count, args.tickets)
    async with ConnectionPool(server, args.connections) as pool:
        warmup_requests, requests = pool.encode(warmup_plans), pool.encode(plans)
        warmup = await open_loop(pool, warmup_requests, args.rate)
        before = cpu_snapshot(server.pid)
        outcomes = await open_loop(pool, requests, args.rate)
        cpu = cpu_use(before, cpu_snapshot(server.pid))
    return single_result(args, outcomes, warmup, cpu, pool.opened)


async def run_probe(server: Server, args: argparse.Namespace, rng: random.Random, run_tag: str) -> ProbeResult:
    plans = plan_messages(rng, f"{run_tag}p", 0, args.probe_requests, args.tickets)
    async with ConnectionPool(server, 1) as pool:
        requests = pool.encode(plans)
        before = cpu_snapshot(server.pid)
        outcomes = await closed_loop(pool, requests, 1)
        cpu = cpu_use(before, cpu_snapshot(server.pid))
    latencies = [outcome.done - outcome.sent for outcome in outcomes]
    mean = sum(latencies) / len(latencies)
    return ProbeResult(len(outcomes), summarize(latencies), 1000 * mean, 1 / mean, phase_errors(outcomes), cpu)


async def run_batches(
    server: Server, args: argparse.Namespace, rng: random.Random, run_tag: str, clients: int
) -> BatchResult:
    tag = f"{run_tag}-c{clients}"
    warmup_plans = plan_batches(rng, f"{tag}w", 0, args.batch_size, args.batch_size)
    plans = plan_batches(rng, tag, 0, args.batch_items, args.batch_size)
    async with ConnectionPool(server, clients) as pool:
        warmup_requests, requests = pool.encode(warmup_plans), pool.encode(plans)
        await closed_loop(pool, warmup_requests, 1)
        before = cpu_snapshot(server.pid)
        outcomes = await closed_loop(pool, requests, clients)
        after = cpu_snapshot(server.pid)
    wall = after.wall - before.wall
    created = sum(outcome.created for outcome in outcomes)
    return BatchResult(
        clients=clients,
        batch_size=args.batch_size,
        batches=len(plans),
        items_sent=args.batch_items,
        items_created=created,
        wall_s=wall,
        items_per_s=created / wall,
        batch_latency=summarize([outcome.done - outcome.sent for outcome in outcomes]),
        errors=phase_errors(outcomes),
        cpu=cpu_use(before, after),
    )


# ------------------------------------------------------------------------------------------ databases


@contextlib.contextmanager
def sqlite_database() -> Iterator[str]:
    """A fresh SQLite file (and its WAL/SHM companions), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="nazar_bench_"))
    try:
        yield f"sqlite:///{folder / 'bench.db'}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    """A fresh PostgreSQL database, dropped (WITH (FORCE)) afterwards."""
    name = f"nazar_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        host_part = admin_url.split("://", 1)[1].rsplit("/", 1)[0]
        yield f"postgresql+psycopg://{host_part}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def database(kind: str, admin_url: str) -> contextlib.AbstractContextManager[str]:
    return sqlite_database() if kind == "sqlite" else postgres_database(admin_url)


# --------------------------------------------------------------------------------------------- server


def nazar_executable() -> str:
    beside = Path(sys.executable).parent / "nazar"
    found = str(beside) if beside.exists() else shutil.which("nazar")
    if found is None:
        raise SystemExit("no `nazar` executable beside the interpreter or on PATH; run `pip install -e .`")
    return found


def service_env(database_url: str) -> dict[str, str]:
    return {**os.environ, "NAZAR_DATABASE_URL": database_url, "HF_HUB_OFFLINE": "1"}


def create_key(database_url: str) -> str:
    command = [nazar_executable(), "keys", "create", "--name", SOURCE, "--scope", "admin"]
    completed = subprocess.run(command, env=service_env(database_url), capture_output=True, text=True, check=False)
    match = KEY_PATTERN.search(completed.stdout)
    if completed.returncode != 0 or match is None:
        raise RuntimeError(f"`nazar keys create` failed ({completed.returncode}): {completed.stderr[-2000:]}")
    return match.group(0)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def healthy(base_url: str) -> bool:
    with contextlib.suppress(OSError), urllib.request.urlopen(f"{base_url}/health", timeout=2.0) as response:
        return bool(response.status == 200)
    return False


def wait_ready(process: subprocess.Popen[bytes], base_url: str, log_path: Path, workers: int, timeout_s: float) -> None:
    """Until `GET /health` answers and each of the `workers` logged that it started (its models are loaded)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log_path.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"the server exited with {process.returncode} before it was ready:\n{tail}")
        started = len(STARTED_PATTERN.findall(log_path.read_text(encoding="utf-8", errors="replace")))
        if started >= workers and healthy(base_url):
            return
        time.sleep(0.2)
    raise RuntimeError(f"the server was not ready ({workers} workers started) within {timeout_s:.0f} s; see {log_path}")


def stop_server(process: subprocess.Popen[bytes]) -> int:
    """SIGINT (uvicorn's graceful shutdown), then SIGTERM, then SIGKILL; returns the exit code."""
    if process.poll() is not None:
        return process.returncode
    process.send_signal(signal.SIGINT)
    with contextlib.suppress(subprocess.TimeoutExpired):
        return process.wait(timeout=30)
    process.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        return process.wait(timeout=10)
    process.kill()
    return process.wait()


@contextlib.contextmanager
def running_server(database_url: str, log_path: Path, workers: int, startup_timeout_s: float) -> Iterator[Server]:
    key = create_key(database_url)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    command = [nazar_executable(), "serve", "--port", str(port), "--workers", str(workers)]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, env=service_env(database_url), stdout=log, stderr=log)
        try:
            wait_ready(process, base_url, log_path, workers, startup_timeout_s)
            yield Server(base_url, key, process.pid, workers)
        finally:
            code = stop_server(process)
            progress(f"  server stopped, exit code {code}")


# ------------------------------------------------------------------------------------ server log check


@dataclass(frozen=True)
class LogFindings:
    """What the server wrote to stderr: problems, and its own per-route request times (the "ms" field)."""

    path: str
    lines: int
    tracebacks: int
    error_lines: int
    warning_lines: int
    responses_5xx: int
    server_ms_by_route: dict[str, LatencySummary]
    samples: list[str]


def _console_value(text: str) -> Any:
    if text[:1] in {"'", '"'}:
        return text[1:-1]
    for kind in (int, float):
        with contextlib.suppress(ValueError):
            return kind(text)
    return text


def _parse_log_line(line: str) -> dict[str, Any] | None:
    """A JSON log line, or a structlog console line (`TIME [level] event key=value ...`), as a dict."""
    try:
        record = json.loads(line)
    except ValueError:
        match = CONSOLE_LINE_PATTERN.match(ANSI_PATTERN.sub("", line))
        if match is None:
            return None
        fields = {key: _console_value(value) for key, value in CONSOLE_FIELD_PATTERN.findall(match.group(3))}
        return {**fields, "level": match.group(1), "event": match.group(2)}
    return record if isinstance(record, dict) else None


def _is_error(line: str, record: dict[str, Any] | None) -> bool:
    if record is None:
        return "ERROR" in line or "Traceback" in line
    return str(record.get("level", "")).lower() in {"error", "critical", "exception"}


def _is_warning(line: str, record: dict[str, Any] | None) -> bool:
    return "WARNING" in line if record is None else str(record.get("level", "")).lower() == "warning"


def _is_5xx(record: dict[str, Any] | None) -> bool:
    status = None if record is None else record.get("status")
    return isinstance(status, int) and status >= 500


def server_times(records: Sequence[dict[str, Any] | None]) -> dict[str, LatencySummary]:
    """The server's own request times per route, in ms (the warm-up and every phase together)."""
    times: dict[str, list[float]] = {}
    for record in records:
        if record is not None and record.get("event") == "request" and isinstance(record.get("ms"), int | float):
            times.setdefault(f"{record.get('method')} {record.get('route')}", []).append(record["ms"] / 1000)
    return {route: summarize(values) for route, values in sorted(times.items())}


def scan_server_log(path: Path) -> LogFindings:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    records = [_parse_log_line(line) for line in lines]
    pairs = list(zip(lines, records, strict=True))
    notable = [
        line for line, record in pairs if _is_error(line, record) or _is_warning(line, record) or _is_5xx(record)
    ]
    return LogFindings(
        path=str(path),
        lines=len(lines),
        tracebacks=sum("Traceback" in line for line in lines),
        error_lines=sum(_is_error(line, record) for line, record in pairs),
        warning_lines=sum(_is_warning(line, record) for line, record in pairs),
        responses_5xx=sum(_is_5xx(record) for record in records),
        server_ms_by_route=server_times(records),
        samples=[line[:500] for line in notable[:MAX_ERROR_SAMPLES]],
    )


# ------------------------------------------------------------------------------------------------ driver


@dataclass(frozen=True)
class DatabaseResult:
    database: str
    workers: int
    load_average_at_start: tuple[float, float, float]
    single: SingleResult
    probe: ProbeResult
    batches: list[BatchResult]
    server_log: LogFindings


@dataclass(frozen=True)
class Phases:
    single: SingleResult
    probe: ProbeResult
    batches: list[BatchResult]


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


async def run_phases(server: Server, args: argparse.Namespace, rng: random.Random) -> Phases:
    run_tag = uuid.uuid4().hex[:8]
    progress(f"  single messages: {args.warmup:g} s warm-up, then {args.duration:g} s at {args.rate:g}/s")
    single = await run_single(server, args, rng, run_tag)
    progress(f"  single messages, one at a time: {args.probe_requests} requests")
    probe = await run_probe(server, args, rng, run_tag)
    batches = []
    for clients in args.batch_clients:
        progress(f"  batches: {args.batch_items} items in batches of {args.batch_size}, {clients} client(s)")
        batches.append(await run_batches(server, args, rng, run_tag, clients))
    return Phases(single, probe, batches)


def bench_database(kind: str, workers: int, args: argparse.Namespace, rng: random.Random) -> DatabaseResult:
    progress(f"[{kind}, {workers} worker(s)] fresh database, starting the server")
    load = os.getloadavg()
    log_path = Path(tempfile.gettempdir()) / f"nazar_bench_{kind}_w{workers}_{uuid.uuid4().hex[:6]}.log"
    with (
        database(kind, args.pg_admin_url) as url,
        running_server(url, log_path, workers, args.startup_timeout) as server,
    ):
        phases = asyncio.run(run_phases(server, args, rng))
    return DatabaseResult(kind, workers, load, phases.single, phases.probe, phases.batches, scan_server_log(log_path))


# ----------------------------------------------------------------------------------------------- report


def machine_info() -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "cpu_affinity": len(os.sched_getaffinity(0)),
        "cpu_model": _cpu_model(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "git": git_state(),
        "load_average": list(os.getloadavg()),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _git(*args: str) -> str:
    here = Path(__file__).resolve().parent
    return subprocess.run(["git", *args], capture_output=True, text=True, check=False, cwd=here).stdout


def git_state() -> str:
    """The commit under test, and whether the working tree (which is what the server runs) differs from it."""
    commit = _git("rev-parse", "--short", "HEAD").strip() or "unknown"
    changed = _git("status", "--porcelain", "--", "app").splitlines()
    return f"{commit} ({len(changed)} changed paths under app/)" if changed else f"{commit} (app/ clean)"


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _row(label: str, target: str, cells: list[str]) -> str:
    return "| " + " | ".join([label, target, *cells]) + " |"


def _ms(summary: LatencySummary) -> str:
    return f"{summary.p50_ms:.1f} / {summary.p90_ms:.1f} / {summary.p99_ms:.1f} / {summary.max_ms:.1f}"


def _cpu(cpu: CpuUse) -> str:
    return f"{cpu.server_pct:.0f} / {cpu.bench_pct:.0f} / {cpu.postgres_pct:.0f} / {cpu.other_pct:.0f}"


def _errors(errors: PhaseErrors) -> str:
    return f"{errors.failed} ({', '.join(f'{code}: {n}' for code, n in errors.status_counts.items())})"


def _by_process(cpu: CpuUse) -> str:
    return " + ".join(f"{pct:.0f}" for pct in cpu.server_pct_by_process.values())


def single_rows(results: list[DatabaseResult], rate: float) -> list[str]:
    singles = [result.single for result in results]
    return [
        _row(
            "single: requests sent / achieved send rate",
            f"{rate:g}/s",
            [f"{s.requests} / {s.send_rate:.1f}/s" for s in singles],
        ),
        _row("single: successful responses per second", "", [f"{s.ok_per_s:.1f}/s" for s in singles]),
        _row(
            "single: latency p50 / p90 / p99 / max (ms)",
            f"p99 <= {SINGLE_P99_TARGET_MS:g}",
            [f"**{_ms(s.latency)}**" for s in singles],
        ),
        _row("single: errors (status: count)", "0", [_errors(s.errors) for s in singles]),
        _row(
            "single: max send lag of the generator / max wait for an idle connection (ms)",
            "",
            [f"{s.max_send_lag_ms:.1f} / {s.max_connection_wait_ms:.1f}" for s in singles],
        ),
        _row(
            "single: connections in the pool / opened in all",
            "",
            [f"{s.connections} / {s.connections_opened}" for s in singles],
        ),
        _row(CPU_LABEL.format("single"), "", [_cpu(s.cpu) for s in singles]),
        _row(
            "single: server CPU per server process (% of a core; supervisor, workers, helpers by pid)",
            "",
            [_by_process(s.cpu) for s in singles],
        ),
        _row(
            "single: server CPU per message (ms) -> messages/s per fully used core",
            "",
            [f"{1000 * s.cpu.server_s / s.requests:.1f} -> {s.requests / s.cpu.server_s:.0f}/s" for s in singles],
        ),
        _row(
            "single: load generator CPU per message (ms)",
            "",
            [f"{1000 * s.cpu.bench_s / s.requests:.2f}" for s in singles],
        ),
    ]


def probe_rows(results: list[DatabaseResult]) -> list[str]:
    probes = [result.probe for result in results]
    label = "single, one at a time"
    return [
        _row(f"{label}: latency p50 / p90 / p99 / max (ms)", "", [_ms(p.latency) for p in probes]),
        _row(
            f"{label}: mean (ms) -> requests/s one worker can serve",
            "",
            [f"{p.mean_ms:.1f} -> {p.capacity_per_s:.0f}/s" for p in probes],
        ),
        _row(f"{label}: errors (status: count)", "0", [_errors(p.errors) for p in probes]),
        _row(CPU_LABEL.format(label), "", [_cpu(p.cpu) for p in probes]),
        _row(
            f"{label}: server CPU per message (ms) -> messages/s per fully used core",
            "",
            [f"{1000 * p.cpu.server_s / p.requests:.1f} -> {p.requests / p.cpu.server_s:.0f}/s" for p in probes],
        ),
    ]


def batch_rows(results: list[DatabaseResult], clients: int, index: int) -> list[str]:
    batches = [result.batches[index] for result in results]
    label = f"batch, {clients} client{'s' if clients > 1 else ''}"
    return [
        _row(
            f"{label}: items/s", f">= {BATCH_TARGET_ITEMS_PER_S:,.0f}", [f"**{b.items_per_s:,.0f}**" for b in batches]
        ),
        _row(f"{label}: items created / sent", "", [f"{b.items_created} / {b.items_sent}" for b in batches]),
        _row(
            f"{label}: items per server CPU-second (a fully used core)",
            "",
            [f"{b.items_created / b.cpu.server_s:,.0f}" for b in batches],
        ),
        _row(f"{label}: per-batch latency p50 / p90 / p99 / max (ms)", "", [_ms(b.batch_latency) for b in batches]),
        _row(f"{label}: errors (status: count)", "0", [_errors(b.errors) for b in batches]),
        _row(CPU_LABEL.format(label), "", [_cpu(b.cpu) for b in batches]),
    ]


def log_rows(results: list[DatabaseResult]) -> list[str]:
    logs = [result.server_log for result in results]
    routes = sorted({route for log in logs for route in log.server_ms_by_route if not route.startswith("GET")})
    rows = [
        _row(
            f"server's own time, {route}: p50 / p90 / p99 / max (ms)",
            "",
            [_ms(log.server_ms_by_route[route]) if route in log.server_ms_by_route else "-" for log in logs],
        )
        for route in routes
    ]
    problems = [f"{g.tracebacks} / {g.error_lines} / {g.warning_lines} / {g.responses_5xx}" for g in logs]
    return [*rows, _row("server stderr: tracebacks / error lines / warnings / 5xx", "0", problems)]


def markdown_table(results: list[DatabaseResult], args: argparse.Namespace) -> str:
    columns = [f"{r.database}, {r.workers} worker{'s' if r.workers > 1 else ''}" for r in results]
    header = _row("measure", "target", columns)
    rule = "|" + "---|" * 2 + "---:|" * len(results)
    rows = single_rows(results, args.rate) + probe_rows(results)
    for index, clients in enumerate(args.batch_clients):
        rows += batch_rows(results, clients, index)
    return "\n".join([header, rule, *rows, *log_rows(results)])


def notes(machine: dict[str, Any], args: argparse.Namespace) -> str:
    cores = machine["cpu_affinity"]
    return "\n".join(
        [
            "- Server (`nazar serve --workers N`, N per column) and load generator ran on the same machine and",
            f"  shared its {cores} cores. The load generator is a minimal asyncio HTTP/1.1 client (not httpx).",
            "  The CPU rows split the machine's busy time into the server, this load generator, all postgres",
            "  processes (other users of the same PostgreSQL server included) and everything else; 200 = both",
            f"  cores busy. Load average at start: {_load(machine['load_average'])}.",
            f"- Single messages: open loop at {args.rate:g}/s for {args.duration:g} s after {args.warmup:g} s of",
            f"  warm-up, {args.tickets} tickets, a pool of {args.connections} keep-alive connections used in turn;",
            "  latency from each request's scheduled send time (waiting for an idle connection included).",
            f"- One at a time: {args.probe_requests} messages, each sent when the previous one was answered (no",
            "  queueing); 1000 / mean is what one worker can serve at most.",
            f"- Batches: {args.batch_items} items in batches of {args.batch_size} per row;",
            "  items/s = items created / wall time.",
            "- The per-CPU rows divide by the server's own CPU time, so other load on the machine moves them less",
            "  than the wall-clock rows. One worker runs its Python on at most about one core (the GIL). The",
            "  server's CPU is that of the whole `nazar serve` process tree (uvicorn's supervisor and workers).",
        ]
    )


def _load(load: Sequence[float]) -> str:
    return " / ".join(f"{value:.2f}" for value in load) + " (1 / 5 / 15 min)"


def report(
    results: list[DatabaseResult], args: argparse.Namespace, argv: list[str], machine: dict[str, Any]
) -> dict[str, Any]:
    print(f"\nCommand: {shlex.join(argv)}")
    print(f"Machine: {machine['cpu_count']} CPUs ({machine['cpu_model']}), Python {machine['python']}")
    print(f"Code: {machine['git']}\n")
    print(markdown_table(results, args))
    print("\n" + notes(machine, args))
    for result in results:
        name = f"{result.database}, {result.workers}w"
        print(f"[{name}] server output kept at {result.server_log.path}")
        phases = [result.single.errors, result.single.warmup_errors, result.probe.errors]
        for sample in [s for e in phases for s in e.samples] + [s for b in result.batches for s in b.errors.samples]:
            print(f"[{name}] error sample: {sample}")
        for sample in result.server_log.samples:
            print(f"[{name}] server log: {sample}")
    return {
        "command": shlex.join(argv),
        "machine": machine,
        "settings": vars(args),
        "results": [asdict(r) for r in results],
    }


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--rate", type=float, default=100.0, help="single messages per second (open loop)")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of measured single-message load")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of single-message warm-up (not counted)")
    parser.add_argument("--tickets", type=int, default=200, help="distinct tickets the messages are spread over")
    parser.add_argument(
        "--connections", type=int, default=64, help="keep-alive connections of the single-message load generator"
    )
    parser.add_argument(
        "--workers",
        type=int,
        nargs="+",
        default=[1],
        help="`nazar serve --workers`; several values run the whole benchmark once per value",
    )
    parser.add_argument("--batch-size", type=int, default=500, help="items per batch request (at most 1000)")
    parser.add_argument("--batch-items", type=int, default=20_000, help="items per batch phase")
    parser.add_argument(
        "--batch-clients", type=int, nargs="+", default=[1, 2], help="concurrent batch clients per phase"
    )
    parser.add_argument(
        "--probe-requests", type=int, default=200, help="single messages sent one at a time (service time)"
    )
    parser.add_argument("--pg-admin-url", default=DEFAULT_PG_ADMIN_URL, help="where to CREATE/DROP the bench database")
    parser.add_argument("--startup-timeout", type=float, default=180.0, help="seconds to wait for GET /health")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, default=None, help="write the results here as JSON")
    args = parser.parse_args(argv)
    positive = [args.rate, args.duration, args.batch_size, args.batch_items, args.probe_requests, args.connections]
    if min(*positive, *args.batch_clients, *args.workers) <= 0:
        parser.error(
            "--rate, --duration, --batch-size, --batch-items, --probe-requests, --connections, --batch-clients,"
            " --workers must be > 0"
        )
    return args


def main(argv: list[str] | None = None) -> int:
    raw = sys.argv[1:] if argv is None else argv
    args = parse_args(raw)
    rng = random.Random(args.seed)
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    machine = machine_info()
    results = [bench_database(kind, workers, args, rng) for workers in args.workers for kind in kinds]
    payload = report(results, args, [sys.executable, sys.argv[0], *raw], machine)
    if args.json is not None:
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"\nJSON: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
