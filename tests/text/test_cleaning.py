"""Channel cleaning: what each channel keeps, and that every kept character still points into the raw text."""

from __future__ import annotations

import re
from html import unescape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.text.cleaning import CHANNELS, clean
from app.text.mapped import MappedText

_TAG = re.compile(r"<[^<>]*>")


def _renders_as(piece: str, char: str) -> bool:
    """Whether `char` of the cleaned text is a faithful rendering of the raw `piece` it is mapped to."""
    if piece == char:
        return True
    if piece.startswith("&") and char in unescape(piece):
        return True  # a decoded entity (&nbsp; rendered as a plain space is checked below)
    if char == " ":  # a collapsed whitespace run, a hashtag's underscores, &nbsp; or a table cell boundary
        return piece.isspace() or set(piece) == {"_"} or unescape(piece).isspace() or bool(_TAG.fullmatch(piece))
    return char == "\n" and bool(_TAG.fullmatch(piece))  # a block tag or <br>


def assert_maps_back(cleaned: MappedText, raw: str) -> None:
    assert cleaned.raw == raw
    assert len(cleaned.starts) == len(cleaned.ends) == len(cleaned.text)
    for index, char in enumerate(cleaned.text):
        piece = raw[cleaned.starts[index] : cleaned.ends[index]]
        assert _renders_as(piece, char), f"{char!r} at {index} is mapped to {piece!r}"


def assert_cleans(channel: str | None, raw: str, expected: str) -> None:
    cleaned = clean(raw, channel)
    assert cleaned.text == expected
    assert_maps_back(cleaned, raw)


# --- email: quoted replies and forwards ---------------------------------------------------------------------

EMAIL_QUOTES = {
    "gmail-english": (
        "Hi team,\nThe delivery was late again.\n\n"
        "On Mon, Jan 6, 2025 at 10:15 AM Shop Support <support@shop.example> wrote:\n"
        "> Thanks for contacting us.\n> We will check.",
        "Hi team,\nThe delivery was late again.",
    ),
    "gmail-english-wrapped": (
        "Still broken.\n\nOn Mon, Jan 6, 2025 at 10:15 AM Shop Support <\nsupport@shop.example> wrote:\n\n"
        "> We are looking into it.",
        "Still broken.",
    ),
    "apple-mail": (
        "No refund yet.\n\nOn Jan 6, 2025, at 10:15, Support <s@shop.example> wrote:\n\n> Hello",
        "No refund yet.",
    ),
    "outlook-header": (
        "The app keeps crashing on login.\n\n________________________________\n"
        "From: Support <support@shop.example>\nSent: Monday, January 6, 2025 10:00 AM\n"
        "To: John <john@mail.example>\nSubject: RE: crash\n\nHello John, please update the app.",
        "The app keeps crashing on login.",
    ),
    "outlook-original-message": (
        "Please cancel my order.\n\n-----Original Message-----\nFrom: Shop\nSent: Sunday\nSubject: Order 991",
        "Please cancel my order.",
    ),
    "gmail-forward": (
        "FYI, this is the third time.\n\n---------- Forwarded message ---------\n"
        "From: Courier <c@courier.example>\nDate: Sun, Jan 5, 2025\nSubject: Delivery failed\n\nWe tried.",
        "FYI, this is the third time.",
    ),
    "apple-forward": (
        "See below.\n\nBegin forwarded message:\n\nFrom: Shop\nSubject: Invoice",
        "See below.",
    ),
    "nested-inline-quotes": (
        "I agree with the refund.\n\n> > Can you send photos?\n> Here they are.\n\nAlso the courier was rude.",
        "I agree with the refund.\n\nAlso the courier was rude.",
    ),
    "undated-attribution-above-quote": (
        "Not acceptable.\n\nSupport Team wrote:\n\n> We are sorry.",
        "Not acceptable.",
    ),
    "prose-with-wrote-is-kept": (
        "On the form you wrote:\nthe wrong address",
        "On the form you wrote:\nthe wrong address",
    ),
    "persian-gmail": (
        "مشکل هنوز حل نشده.\n\n"
        "\u202bدر تاریخ دوشنبه ۱۵ ژانویهٔ ۲۰۲۴ ساعت ۱۰:۳۰ پشتیبانی <support@shop.example> نوشت:\u202c\n"
        "> لطفا صبر کنید",
        "مشکل هنوز حل نشده.",
    ),
    "persian-original-message": (
        "سلام\nپول برگشت داده نشد.\n\n---- پیام اصلی ----\nاز: پشتیبانی\nموضوع: پیگیری سفارش",
        "سلام\nپول برگشت داده نشد.",
    ),
    "persian-outlook-header": (
        "کیفیت بسته‌بندی افتضاح بود.\n\nاز: پشتیبانی فروشگاه\nارسال شده: دوشنبه، ۱۵ ژانویه ۲۰۲۴\nبه: علی\nموضوع: شکایت",
        "کیفیت بسته‌بندی افتضاح بود.",
    ),
    "persian-forward": (
        "این ایمیل را ببینید.\n\n---------- پیام بازارسال\u200cشده ---------\nاز: فروشگاه",
        "این ایمیل را ببینید.",
    ),
    "arabic-gmail": (
        "السلام عليكم\nالطلب وصل متأخرا.\n\n"
        "في الأحد، ٥ يناير ٢٠٢٥ ١٠:٣٠ ص، كتب فريق الدعم <support@shop.example>:\n> شكرا لتواصلك",
        "السلام عليكم\nالطلب وصل متأخرا.",
    ),
    "arabic-gmail-written-by": (
        "المنتج معطوب.\n\nفي الأحد، 5 يناير 2025 في 10:30 ص تمت كتابة ما يلي بواسطة الدعم <s@shop.example>:\n> نعتذر",
        "المنتج معطوب.",
    ),
    "arabic-quoted-lines": (
        "ما زلت أنتظر.\n> في ٥ يناير كتب الدعم:\n>> سنرد قريبا",
        "ما زلت أنتظر.",
    ),
    "arabic-original-message": (
        "لم يتم حل المشكلة.\n\n-----الرسالة الأصلية-----\nمن: الدعم\nالموضوع: متابعة",
        "لم يتم حل المشكلة.",
    ),
    "arabic-outlook-header": (
        "الخدمة سيئة جدا.\n\nمن: خدمة العملاء\nأرسل: الأحد، ٥ يناير ٢٠٢٥\nإلى: أحمد\nالموضوع: شكوى",
        "الخدمة سيئة جدا.",
    ),
    "arabic-forward": (
        "انظروا إلى هذا.\n\n---------- رسالة محوّلة ----------\nمن: المتجر",
        "انظروا إلى هذا.",
    ),
    "arabic-prose-with-wrote-is-kept": (
        "في ٢٠٢٣ كتبت لكم عن المشكلة:\nلم يرد أحد",
        "في ٢٠٢٣ كتبت لكم عن المشكلة:\nلم يرد أحد",
    ),
    "all-quote-falls-back": (
        "> the whole message\n> is a quote",
        "> the whole message\n> is a quote",
    ),
}


@pytest.mark.parametrize(("raw", "expected"), EMAIL_QUOTES.values(), ids=EMAIL_QUOTES.keys())
def test_email_drops_quoted_replies_and_forwards(raw: str, expected: str) -> None:
    assert_cleans("email", raw, expected)


# --- email: signatures and phone footers --------------------------------------------------------------------

EMAIL_SIGNATURES = {
    "english-regards-block": (
        "Thanks for the quick fix.\n\nBest regards,\nJohn Smith\nHead of Operations, Acme\n+1 555 0100\n\n"
        "Sent from my iPhone",
        "Thanks for the quick fix.",
    ),
    "english-thanks-name": ("Great service overall.\n\nThanks,\nAli", "Great service overall."),
    "dash-dash-delimiter": (
        "Refund received, thank you.\n-- \nJohn\nwww.acme.example\nTel 555 0100",
        "Refund received, thank you.",
    ),
    "dash-dash-in-content-is-kept": (
        "Problem:\n--\nThe app closes itself every time I open the basket, please fix it soon!",
        "Problem:\n--\nThe app closes itself every time I open the basket, please fix it soon!",
    ),
    "closing-word-in-content-is-kept": ("Best product ever", "Best product ever"),
    "thanks-sentence-is-kept": (
        "Thanks for nothing! The courier never came.",
        "Thanks for nothing! The courier never came.",
    ),
    "long-line-after-closing-is-kept": (
        "Best regards,\nPlease note the package arrived damaged and I want a full refund right now.",
        "Best regards,\nPlease note the package arrived damaged and I want a full refund right now.",
    ),
    "unknown-sent-from-is-kept": ("Sent from Tehran, never arrived", "Sent from Tehran, never arrived"),
    "persian-regards-block": (
        "سلام،\nسفارش من هنوز نرسیده.\n\nبا احترام،\nعلی رضایی\nمدیر خرید\n۰۹۱۲۱۲۳۴۵۶۷\n\nارسال شده از آیفون من",
        "سلام،\nسفارش من هنوز نرسیده.",
    ),
    "persian-thanks": ("پشتیبانی خیلی کند است.\nبا تشکر", "پشتیبانی خیلی کند است."),
    "persian-closing-with-name": ("لطفا پیگیری کنید.\n\nارادتمند، مریم احمدی", "لطفا پیگیری کنید."),
    "persian-phone-footer": ("کالا سالم رسید.\n\nارسال شده از گوشی من", "کالا سالم رسید."),
    "arabic-regards-block": (
        "السلام عليكم،\nلم يصل الطلب بعد.\n\nمع خالص التحيات،\nأحمد علي\nقسم المشتريات\n\nتم الإرسال من هاتفي",
        "السلام عليكم،\nلم يصل الطلب بعد.",
    ),
    "arabic-formal-closing": (
        "أرجو إعادة المبلغ.\n\nوتفضلوا بقبول فائق الاحترام\nسارة",
        "أرجو إعادة المبلغ.",
    ),
    "arabic-iphone-footer": ("المنتج ممتاز.\n\nأُرسلت من الـ iPhone", "المنتج ممتاز."),
    "arabic-greeting-is-kept": ("مع التحية", "مع التحية"),
}


@pytest.mark.parametrize(("raw", "expected"), EMAIL_SIGNATURES.values(), ids=EMAIL_SIGNATURES.keys())
def test_email_drops_signatures_and_phone_footers(raw: str, expected: str) -> None:
    assert_cleans("email", raw, expected)


# --- email: HTML bodies -------------------------------------------------------------------------------------

GMAIL_HTML = (
    '<div dir="rtl">سلام&#1548;</div><div dir="rtl">کیفیت &amp; قیمت&nbsp;&nbsp;خوب نبود&zwnj;ها!</div>'
    '<div><br></div><div dir="rtl">لطفا پیگیری کنید.</div><br><div class="gmail_quote">'
    '<div dir="ltr" class="gmail_attr">On Tue, 7 Jan 2025 at 09:00, Shop &lt;<a href="mailto:s@shop.example">'
    's@shop.example</a>&gt; wrote:<br></div><blockquote class="gmail_quote">قبلی</blockquote></div>'
)
OUTLOOK_HTML = (
    "<html><head><meta charset=utf-8><title>RE: order</title><style>p.MsoNormal{margin:0}\n"
    "div{color:red}</style><!--[if gte mso 9]><xml><o:shapedefaults/></xml><![endif]--></head>\n"
    "<body lang=EN-US><div class=WordSection1><p class=MsoNormal>The order arrived broken.<o:p></o:p></p>\n"
    "<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n<p class=MsoNormal>I want a refund.<o:p></o:p></p>\n"
    '<div id="divRplyFwdMsg"><hr><b>From:</b> Shop Support &lt;s@shop.example&gt;<br><b>Sent:</b> '
    "Monday, January 6, 2025 10:00 AM<br><b>To:</b> John<br><b>Subject:</b> Your order</div>"
    "<p>We shipped it.</p></div></body></html>"
)
HTML_EMAILS = {
    "gmail-persian-entities": (GMAIL_HTML, "سلام،\nکیفیت & قیمت خوب نبود\u200cها!\n\nلطفا پیگیری کنید."),
    "outlook-head-style-and-header": (OUTLOOK_HTML, "The order arrived broken.\nI want a refund."),
    "arabic-numeric-and-named-entities": (
        '<p dir="rtl">&#1587;&#x644;&#1575;&#1605; &quot;المتجر&quot; &lt;3</p>',
        'سلام "المتجر" <3',
    ),
    "script-comment-dropped": (
        "<div>Hello<script>var a = '<div>x</div>';</script><!-- tracking --> there</div>",
        "Hello there",
    ),
    "unknown-entity-kept-legacy-decoded": ("<p>AT&amp T &foo; &amp</p>", "AT& T &foo; &"),
    "table-cells-and-rows": (
        "<table><tr><td>Order</td><td>991</td></tr><tr><td>Status</td><td>late</td></tr></table>",
        "Order 991\nStatus late",
    ),
    "whitespace-collapsed": ("<p>\n   خیلی    بد\n   بود\n</p>", "خیلی بد بود"),
}


@pytest.mark.parametrize(("raw", "expected"), HTML_EMAILS.values(), ids=HTML_EMAILS.keys())
def test_email_html_is_rendered_to_text(raw: str, expected: str) -> None:
    assert_cleans("email", raw, expected)


def test_html_entity_maps_to_its_whole_raw_span() -> None:
    raw = "<p>a&#1548;b</p>"
    cleaned = clean(raw, "email")
    assert cleaned.text == "a،b"
    assert cleaned.to_raw(1, 2) == (4, 11)


def test_plain_email_with_angle_bracket_address_is_not_html() -> None:
    raw = "Ali <ali@example.com> says the <b> key is broken"
    assert_cleans("email", raw, raw)


# --- social -------------------------------------------------------------------------------------------------

SOCIAL = {
    "persian-hashtag-and-mention": (
        "#خدمات_مشتریان_بد واقعا! @mci_support لطفا جواب بدید 😡",
        "خدمات مشتریان بد واقعا! لطفا جواب بدید 😡",
    ),
    "arabic-hashtag": ("الخدمة بطيئة #خدمة_العملاء_سيئة", "الخدمة بطيئة خدمة العملاء سيئة"),
    "retweet-prefix": ("RT @digikala: ارسال رایگان تا آخر هفته", "ارسال رایگان تا آخر هفته"),
    "url-keeps-trailing-punctuation": ("see https://t.co/abc123. so slow", "see. so slow"),
    "www-url-in-brackets": ("details (www.example.com/x) here", "details () here"),
    "mention-mid-sentence": ("thanks @ali_reza for nothing", "thanks for nothing"),
    "mention-at-line-start": ("@snapp_food\nسفارش دیر رسید", "سفارش دیر رسید"),
    "email-address-and-order-number-kept": (
        "mail me at ali@example.com about order #12345 🙏",
        "mail me at ali@example.com about order #12345 🙏",
    ),
    "zwnj-hashtag-and-edge-underscores": ("#_پشتیبانی\u200cضعیف_ بود", "پشتیبانی\u200cضعیف بود"),
    "only-a-link-falls-back": ("https://example.com/a", "https://example.com/a"),
    "html-entity-is-not-a-hashtag": ("a &#1587; b", "a &#1587; b"),
}


@pytest.mark.parametrize(("raw", "expected"), SOCIAL.values(), ids=SOCIAL.keys())
def test_social_removes_links_mentions_and_unwraps_hashtags(raw: str, expected: str) -> None:
    assert_cleans("social", raw, expected)


def test_hashtag_underscore_maps_to_the_underscore() -> None:
    raw = "#خدمات_بد"
    cleaned = clean(raw, "social")
    assert cleaned.text == "خدمات بد"
    assert cleaned.to_raw(5, 6) == (6, 7)
    assert raw[6] == "_"


# --- ticket and chat ----------------------------------------------------------------------------------------

TICKETS = {
    "ticket-id-lines": (
        "Ticket #12345\nشماره تیکت: ۴۵۶۷\nرقم التذكرة: 9981\nسلام، پرداخت انجام نشد.",
        "سلام، پرداخت انجام نشد.",
    ),
    "ticket-with-quoted-thread": (
        "[Ticket #778]\nStill waiting for the technician.\n\n-----Original Message-----\nFrom: Helpdesk",
        "Still waiting for the technician.",
    ),
    "reply-above-this-line": (
        "Thanks, it works now.\n##- Please type your reply above this line -##\nYour request 991 was updated.",
        "Thanks, it works now.",
    ),
    "ticket-words-without-number-kept": ("Ticket still open after a week", "Ticket still open after a week"),
}
CHATS = {
    "chat-system-lines": (
        "Chat started: 2025-01-06 10:00\nSara has joined the chat\nسلام، کد تخفیف کار نمی‌کند\nگفتگو پایان یافت",
        "سلام، کد تخفیف کار نمی‌کند",
    ),
    "arabic-chat-system-lines": (
        "انضم محمد إلى المحادثة\nالتطبيق لا يفتح\nانتهت المحادثة",
        "التطبيق لا يفتح",
    ),
    "email-style-quote-dropped": ("> earlier message from the agent\nok, thanks", "ok, thanks"),
    "chat-text-unchanged": ("اپلیکیشن کند است\nلطفا درست کنید", "اپلیکیشن کند است\nلطفا درست کنید"),
}


@pytest.mark.parametrize(("raw", "expected"), TICKETS.values(), ids=TICKETS.keys())
def test_ticket_strips_helpdesk_boilerplate(raw: str, expected: str) -> None:
    assert_cleans("ticket", raw, expected)


@pytest.mark.parametrize(("raw", "expected"), CHATS.values(), ids=CHATS.keys())
def test_chat_strips_system_lines(raw: str, expected: str) -> None:
    assert_cleans("chat", raw, expected)


# --- whitespace tidying, every channel ----------------------------------------------------------------------

TIDY = {
    "blank-runs-and-ends": ("  خوب بود  \n\n\n\nولی گران   \r\n", "خوب بود\n\nولی گران"),
    "crlf-blank-lines": ("first\r\n\r\n\r\nsecond", "first\n\nsecond"),
    "whitespace-only-blank-lines": ("a\n \t \n  \nb", "a\n\nb"),
    "indentation-kept": ("a\n  b", "a\n  b"),
    "already-tidy": ("الخدمة ممتازة", "الخدمة ممتازة"),
    "markup-not-touched": ("> #tag @user <p>&amp;", "> #tag @user <p>&amp;"),
    "blank": (" \n\t ", ""),
    "empty": ("", ""),
}


@pytest.mark.parametrize("channel", ["survey", "review", "other", None, "unknown-channel"])
@pytest.mark.parametrize(("raw", "expected"), TIDY.values(), ids=TIDY.keys())
def test_plain_channels_only_tidy_whitespace(channel: str | None, raw: str, expected: str) -> None:
    assert_cleans(channel, raw, expected)


@pytest.mark.parametrize("channel", CHANNELS)
def test_every_channel_tidies_whitespace(channel: str) -> None:
    assert_cleans(channel, "\n\n  نظر من\n\n\n\nپایان  \n", "نظر من\n\nپایان")


def test_channel_name_is_case_insensitive() -> None:
    assert clean("#a_b", "Social").text == "a b"


# --- properties ---------------------------------------------------------------------------------------------

_FRAGMENTS = [
    "سلام", "خوب", "\u200c", "السلام", "عليكم", "كتب", "نوشت", "wrote", "On 5 Jan", "در تاریخ ۱", "في ٥",
    ">", "> ", "#", "_", "@", "@ali", "#خدمات_بد", "<", ">", "&", ";", "&amp;", "&#1587;", "&#x", "&nbsp",
    "<p>", "</p>", "<div>", "<br>", "<script>", "</script>", "<!--", "-->", "<blockquote>", "<head>",
    "-- ", "--", "-----Original Message-----", "From:", "Sent:", "To:", "Subject:", "از:", "من:", "موضوع:",
    "Best regards,", "با احترام،", "مع التحية،", "Sent from my iPhone", "https://x.ir/a", "www.a.b", "RT @x:",
    "Ticket #1", "\n", "\n\n", " ", "\t", "\r\n", "\u202b", "😡", "1", "۱",
]  # fmt: skip
_TEXTS = st.one_of(
    st.text(alphabet=st.sampled_from([*"سلامعليكمپچژگ ّ\u200c>#@<&;_-:/.\n\r\t abcAZ019۱٢", "😡"])),
    st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(raw=_TEXTS)
def test_clean_keeps_a_valid_offset_map_for_any_text(raw: str) -> None:
    for channel in (*CHANNELS, None):
        cleaned = clean(raw, channel)
        assert cleaned.raw == raw
        assert len(cleaned.starts) == len(cleaned.ends) == len(cleaned.text)
        assert all(0 <= start < end <= len(raw) for start, end in zip(cleaned.starts, cleaned.ends, strict=True))
        assert all(a <= b for a, b in zip(cleaned.starts, cleaned.starts[1:], strict=False))
        assert_maps_back(cleaned, raw)
        assert cleaned.text == cleaned.text.strip()
        assert "\n\n\n" not in cleaned.text
        assert bool(cleaned.text) == bool(raw.strip())  # never cleaned away entirely
