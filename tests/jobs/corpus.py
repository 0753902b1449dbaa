"""Stored feedback whose current analysis is an older model's ("seed"), ready to be re-analysed."""

from __future__ import annotations

from sqlalchemy import Engine

from tests.summaries.seed import Row, seed

FRAGMENTS = (
    "سفارشم دو هفته دیر رسید و پشتیبانی جواب نداد",
    "کیفیت عالی بود، ممنون از ارسال سریع",
    "الموظف كان وقحا جدا ولم يحل مشكلتي",
    "التوصيل سريع والخدمة ممتازة",
    "لطفا فاکتور خرید را ایمیل کنید",
    "گرونه ولی کیفیتش خوبه",
    "قالوا لي سيتصلون خلال يومين، واليوم هو اليوم العاشر",
    "هزینه اضافه ازم گرفتن و کسی توضیح نداد",
)


def seed_old_analyses(engine: Engine, count: int) -> list[int]:
    rows = [
        Row(
            f"2026-06-{1 + index % 28:02d}T10:00:00Z",
            label="neutral",
            nps=index % 11 if index % 2 else None,
            text=f"{FRAGMENTS[index % len(FRAGMENTS)]} ({index})",
            language="fa" if index % len(FRAGMENTS) in (0, 1, 4, 5, 7) else "ar",
        )
        for index in range(count)
    ]
    return seed(engine, rows)
