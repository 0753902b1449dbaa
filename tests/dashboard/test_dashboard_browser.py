"""The dashboard in a real browser (Debian's Chromium through Playwright) against a real `nazar serve`.

The numbers the page shows are compared with what the API returns for the same parameters, after turning the
locale's digits back into ASCII. Screenshots go to test-artifacts/ (Persian, the default view, and English).
"""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from tests.fixtures.processes import ROOT, create_key, free_port, offline_env, start_server

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
TEHRAN = "+03:30"

# (text, channel, 2026's month-day and time in Tehran, nps, csat, ces, ces_scale): three Jalali months,
# 1405-01 to 1405-03, which are four Gregorian ones (March to June 2026). The emoji lie outside the BMP, so
# evidence offsets (code points) and JavaScript string indices (UTF-16) differ after them; one text holds a phone
# number (redacted).
SEED: list[tuple[str, str, str, int | None, int | None, int | None, int | None]] = [
    ("کیفیت محصول عالی بود و بسته‌بندی هم تمیز بود. ممنون از تیم خوبتون", "survey", "03-28T18:20", 10, 5, None, None),
    ("تأخر التوصيل أسبوعين ولم يرد أحد على اتصالاتي", "email", "04-01T09:15", 3, 2, 2, 7),
    ("سفارش رسید. هنوز استفاده نکردم", "survey", "04-05T12:00", 7, 3, None, None),
    ("خدمة العملاء ممتازة وحلوا مشكلتي بسرعة", "chat", "04-09T16:40", 9, 5, 5, 5),
    ("اپلیکیشن خیلی راحته و پرداخت سریع انجام شد", "review", "04-18T20:30", 9, 4, 4, 5),
    ("پرداخت انجام شد ولی سفارش ثبت نشد و پولم برنگشت", "ticket", "04-23T08:50", 0, 1, None, None),
    ("المنتج وصل مكسور والاسترجاع معقد جدا", "survey", "04-27T13:10", 2, 1, 2, 5),
    ("پشتیبانی خیلی مودب بود و مشکلم رو همون روز حل کردند", "survey", "05-02T10:00", 10, 5, None, None),
    ("الطلب وصل في الموعد", "survey", "05-06T15:00", 8, 4, None, None),
    ("اپ مدام خطا میده و نمی‌تونم وارد حسابم بشم", "review", "05-10T22:15", 1, 2, 2, 7),
    ("الأسعار مناسبة والجودة رائعة 👍", "social", "05-15T19:45", 10, 5, None, None),
    ("سه بار زنگ زدم و هر بار باید از اول توضیح می‌دادم. خیلی خسته‌کننده بود", "survey", "05-19T09:30", 3, 2, 1, 7),
    ("ارسال سریع بود، دستتون درد نکنه", "survey", "05-24T17:00", 9, 5, None, None),
    ("لم يتم استرداد المبلغ حتى الآن بعد إرجاع المنتج", "email", "05-28T10:20", 2, 1, None, None),
    ("کیفیت پارچه با عکس سایت فرق داشت، خیلی ناامید شدم", "survey", "06-02T14:00", 5, 2, None, None),
    ("ارسال سفارش خیلی دیر شد 😡 و پشتیبانی جواب نداد. دیگه اعتماد ندارم", "survey", "06-04T10:00", 2, 1, None, None),
    ("همه چیز عالی بود، حتما دوباره خرید می‌کنم", "survey", "06-05T12:30", 10, 5, 7, 7),
    ("الشحن تأخر كثيرا 😞 وخدمة العملاء لا ترد على الهاتف", "chat", "06-07T18:00", 1, 1, 2, 5),
    ("التطبيق بطيء جدا وعملية الدفع تفشل كل مرة", "review", "06-08T21:00", 4, 2, None, None),
    ("بسته دیر رسید و خراب بود، خیلی بد. با شماره ۰۹۱۲۳۴۵۶۷۸۹ تماس بگیرید", "survey", "06-10T11:11", 2, 1, None, None),
]  # fmt: skip

_TO_ASCII = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫−", "01234567890123456789.-")
_NOISE = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\\s٬,%٪]")
_PERSIAN = re.compile("[۰-۹]")
_ARABIC = re.compile("[٠-٩]")
_ASCII = re.compile("[0-9]")


def number(shown: str) -> float:
    """A number as the page shows it (Persian or Arabic-Indic digits, ٫, a minus sign, bidi marks) as a float."""
    return float(_NOISE.sub("", shown.translate(_TO_ASCII)))


@dataclass
class Service:
    base: str
    read_key: str
    ingest_key: str

    def get(self, path: str, **params: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.read_key}"}
        response = httpx.get(f"{self.base}{path}", params=params, headers=headers, timeout=30)
        response.raise_for_status()
        return response.json()


@dataclass
class Console:
    messages: list[tuple[str, str]] = field(default_factory=list)

    def add(self, message: ConsoleMessage) -> None:
        self.messages.append((message.type, message.text))

    def add_error(self, error: Exception) -> None:
        self.messages.append(("pageerror", str(error)))

    def problems(self, allowed: Callable[[str], bool] = lambda _: False) -> list[tuple[str, str]]:
        bad = ("error", "warning", "pageerror", "assert")
        return [(kind, text) for kind, text in self.messages if kind in bad and not allowed(text)]


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    folder = tmp_path_factory.mktemp("dashboard")
    environment = offline_env(f"sqlite:///{folder}/dash.db")
    read_key, ingest_key = (
        create_key(environment, "test-read", "read"),
        create_key(environment, "test-ingest", "ingest"),
    )
    port = free_port()
    process = start_server(environment, port, folder / "serve.log")
    base = f"http://127.0.0.1:{port}"
    try:
        headers = {"Authorization": f"Bearer {ingest_key}"}
        for text, channel, created_at, nps, csat, ces, ces_scale in SEED:
            body: dict[str, Any] = {"text": text, "channel": channel, "created_at": f"2026-{created_at}:00{TEHRAN}"}
            answers = {"nps": nps, "csat": csat, "ces": ces, "ces_scale": ces_scale}
            body.update({name: value for name, value in answers.items() if value is not None})
            response = httpx.post(f"{base}/v1/feedback", json=body, headers=headers, timeout=30)
            assert response.status_code == 201, response.text
        yield Service(base, read_key, ingest_key)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (install Debian's chromium package; Playwright's own browsers are not used)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"], headless=True)
        yield launched
        launched.close()


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def page(browser: Browser, console: Console) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", timezone_id="UTC")
    context.set_default_timeout(15_000)
    opened = context.new_page()
    opened.on("console", console.add)
    opened.on("pageerror", console.add_error)
    yield opened
    context.close()


def _loads(page: Page) -> int:
    return int(page.evaluate("Number(document.body.dataset.loads || 0)"))


def settle(page: Page, action: Callable[[], object]) -> None:
    """Runs `action` and waits until the page has fetched (or re-rendered) everything and is ready again."""
    before = _loads(page)
    action()
    page.wait_for_function(
        "n => Number(document.body.dataset.loads || 0) > n && document.body.dataset.state === 'ready'", arg=before
    )


def sign_in(page: Page, service: Service, query: str = "") -> None:
    page.goto(f"{service.base}/dashboard{query}")
    page.wait_for_selector("#login:not([hidden])")
    page.fill("#api-key", service.read_key)
    settle(page, lambda: page.click("#login-form button[type=submit]"))


def buckets(page: Page) -> list[str]:
    return [str(node.get_attribute("data-bucket")) for node in page.query_selector_all("#sentiment svg [data-bucket]")]


def shown(page: Page, testid: str) -> str:
    return page.locator(f'[data-testid="{testid}"]').inner_text()


def assert_matches_api(page: Page, service: Service, calendar: str) -> None:
    params = {"interval": "month", "calendar": calendar, "timezone": "Asia/Tehran"}
    metrics = service.get("/v1/summaries/metrics", **params)
    sentiment = service.get("/v1/summaries/sentiment", **params)
    totals = metrics["totals"][0]
    assert number(shown(page, "nps-value")) == pytest.approx(totals["nps"]["value"])
    assert number(shown(page, "nps-n")) == totals["nps"]["n"]
    assert number(shown(page, "csat-value")) == pytest.approx(totals["csat"]["value"])
    assert number(shown(page, "net-sentiment")) == pytest.approx(sentiment["totals"][0]["net_sentiment"])
    assert buckets(page) == [row["bucket"] for row in sentiment["series"]]


def test_default_view_is_persian_jalali_and_matches_the_api(page: Page, service: Service, console: Console) -> None:
    page.goto(f"{service.base}/dashboard")
    page.wait_for_selector("#login:not([hidden])")
    assert SEED[0][0] not in page.content()  # the page holds no data before a key is given
    page.fill("#api-key", service.read_key)
    settle(page, lambda: page.click("#login-form button[type=submit]"))

    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl"
    assert html.get_attribute("lang") == "fa"
    assert page.input_value("#calendar") == "jalali"
    assert page.input_value("#interval") == "month"
    assert_matches_api(page, service, "jalali")
    assert buckets(page) == ["1405-01", "1405-02", "1405-03"]
    nps = shown(page, "nps-value")
    assert _PERSIAN.search(nps)
    assert not _ASCII.search(nps)
    assert not _ASCII.search(shown(page, "nps-n"))
    # Month names in the Persian calendar, not only the keys.
    assert "فروردین" in page.locator("#sentiment svg").inner_html()
    # 20 answers are below the default minimum sample of 30: the badge says so.
    assert page.locator("#tile-nps .badge").is_visible()
    assert page.locator("#metrics svg [data-nps-bucket]").count() == 3

    drivers = service.get("/v1/summaries/drivers")["nps"]["drivers"][:8]
    rows = page.locator("#drivers tbody tr")
    assert [rows.nth(i).get_attribute("data-driver") for i in range(rows.count())] == [d["name"] for d in drivers]
    issues = service.get("/v1/issues", status="open", sort="count", limit=8)["items"]
    assert page.locator("#issues tbody tr").count() == len(issues) > 0
    assert "ارسال و تحویل" in page.locator("#drivers").inner_text()  # "delivery", translated

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    assert console.problems() == []


def test_calendar_and_language_switches(page: Page, service: Service, console: Console) -> None:
    sign_in(page, service)

    settle(page, lambda: page.select_option("#calendar", "gregorian"))
    assert buckets(page) == ["2026-03", "2026-04", "2026-05", "2026-06"]
    assert_matches_api(page, service, "gregorian")
    assert "cal=gregorian" in page.url

    settle(page, lambda: page.click('[data-lang="en"]'))
    html = page.locator("html")
    assert html.get_attribute("dir") == "ltr"
    assert html.get_attribute("lang") == "en"
    nps = shown(page, "nps-value")
    assert _ASCII.search(nps)
    assert not _PERSIAN.search(nps + shown(page, "nps-n"))
    assert not _ARABIC.search(nps + shown(page, "nps-n"))
    assert_matches_api(page, service, "gregorian")
    assert "Delivery" in page.locator("#drivers").inner_text()
    assert "lang=en" in page.url
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard-en.png"), full_page=True)

    settle(page, lambda: page.click('[data-lang="ar"]'))
    assert html.get_attribute("dir") == "rtl"
    assert html.get_attribute("lang") == "ar"
    nps = shown(page, "nps-value")
    assert _ARABIC.search(nps)
    assert not _ASCII.search(nps)
    assert not _PERSIAN.search(nps)
    assert_matches_api(page, service, "gregorian")

    settle(page, lambda: page.select_option("#calendar", "hijri"))
    hijri = service.get("/v1/summaries/sentiment", interval="month", calendar="hijri", timezone="Asia/Tehran")
    assert buckets(page) == [row["bucket"] for row in hijri["series"]]
    assert buckets(page)[0].startswith("1447-")

    # The view lives in the URL: a reload (the key stays in sessionStorage) shows the same one.
    page.reload()
    page.wait_for_function("document.body.dataset.state === 'ready'")  # a fresh page: its counter starts again
    assert page.input_value("#calendar") == "hijri"
    assert html.get_attribute("lang") == "ar"
    assert buckets(page) == [row["bucket"] for row in hijri["series"]]
    assert console.problems() == []


def test_filters_reach_the_api(page: Page, service: Service, console: Console) -> None:
    sign_in(page, service, "?lang=en&cal=gregorian&interval=week&channel=survey&from=2026-04-01&to=2026-05-31")
    params = {
        "interval": "week",
        "calendar": "gregorian",
        "timezone": "Asia/Tehran",
        "channel": "survey",
        "created_from": "2026-04-01T00:00:00+03:30",
        "created_to": "2026-06-01T00:00:00+03:30",
    }
    sentiment = service.get("/v1/summaries/sentiment", **params)
    metrics = service.get("/v1/summaries/metrics", **params)
    assert buckets(page) == [row["bucket"] for row in sentiment["series"]]
    assert all(re.fullmatch(r"2026-W\d\d", key) for key in buckets(page))
    assert number(shown(page, "nps-n")) == metrics["totals"][0]["nps"]["n"]
    assert number(shown(page, "nps-value")) == pytest.approx(metrics["totals"][0]["nps"]["value"])

    # A range with no feedback at all: every section says so, nothing breaks.
    settle(page, lambda: page.fill("#from", "2030-01-01"))
    settle(page, lambda: page.fill("#to", "2030-01-31"))
    assert buckets(page) == []
    assert shown(page, "nps-value") == "—"
    for section in ("sentiment", "drivers", "recent"):
        assert page.locator(f"#{section} .empty").count() >= 1, section
    assert console.problems() == []


def _overlaps(start: int, end: int, pii: list[dict[str, Any]]) -> bool:
    return any(start < span["end"] and span["start"] < end for span in pii)


def test_recent_negative_feedback_highlights_the_evidence(page: Page, service: Service, console: Console) -> None:
    sign_in(page, service)
    items = service.get("/v1/feedback", sentiment="negative", limit=10)["items"]
    assert len(items) == 10
    assert page.locator("#recent li[data-feedback]").count() == 10
    astral = 0
    redacted = 0
    for item in items:
        entry = page.locator(f'#recent li[data-feedback="{item["id"]}"]')
        marks = [text.strip() for text in entry.locator("mark").all_inner_texts()]
        pii = item["analysis"]["pii"]
        redacted += bool(pii)
        expected = {
            span["text"]
            for group in ("themes", "topics")
            for label in item["analysis"][group]
            for span in label["evidence"]
            if not _overlaps(span["start"], span["end"], pii)
        }
        assert set(marks) == expected, item["text"]
        for label in item["analysis"]["themes"] + item["analysis"]["topics"]:
            for span in label["evidence"]:
                assert item["text"][span["start"] : span["end"]] == span["text"]
                astral += any(ord(char) > 0xFFFF for char in item["text"][: span["end"]]) and span["text"] in marks
        # What is shown is the redacted text, personal data never.
        assert entry.locator("p.text").inner_text().strip() == item["redacted_text"]
    assert astral > 0, "the seed should put an emoji before some evidence"
    assert redacted > 0, "the seed should have a redacted phone number among the negatives"
    assert "۰۹۱۲۳۴۵۶۷۸۹" not in page.content()
    assert console.problems() == []


def test_a_wrong_key_shows_a_message_and_the_form_again(page: Page, service: Service, console: Console) -> None:
    page.goto(f"{service.base}/dashboard")
    page.fill("#api-key", "nzr_not-a-real-key-0000000000000000")
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#login-error:not([hidden])")
    assert "نامعتبر" in page.locator("#login-error").inner_text()
    assert page.locator("#dashboard").is_hidden()
    assert page.evaluate("sessionStorage.getItem('nazar.apiKey')") is None

    page.fill("#api-key", service.ingest_key)  # a key without the read scope
    page.click("#login-form button[type=submit]")
    page.wait_for_function("document.body.dataset.state === 'denied' && /read/.test(document.body.innerText)")
    assert page.locator("#login").is_visible()

    # The browser itself reports each refused request; nothing else may be logged.
    refused = re.compile(r"Failed to load resource: the server responded with a status of 40[13]")
    assert console.problems(lambda text: bool(refused.search(text))) == []
