"""Request bodies. Unknown fields are refused (extra="forbid"), types are strict (a number is not a string), and
no string anywhere may hold a NUL byte (PostgreSQL cannot store one; the contract calls it invalid text)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, model_validator
from pydantic_core import PydanticCustomError

__all__ = [
    "AnalyzeIn",
    "BatchIn",
    "Channel",
    "FeedbackIn",
    "IssuePatch",
    "StrictBody",
    "TicketMessageIn",
    "TopicIn",
]

Channel = Literal["survey", "email", "social", "ticket", "chat", "review", "other"]
ShortStr = Annotated[StrictStr, Field(min_length=1, max_length=200)]
LanguageHint = Annotated[StrictStr, Field(pattern=r"^[a-z]{2,3}$", description="ISO 639-1 code, e.g. fa or ar")]


def _find_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_find_nul(key) or _find_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_find_nul(item) for item in value)
    return False


class StrictBody(BaseModel):
    """Every request body: unknown fields refused, no NUL in any string."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        if _find_nul(data):
            raise PydanticCustomError("invalid_text", "a string contains a NUL character")
        return data


class AnalyzeIn(StrictBody):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"text": "سه هفته‌ست منتظر تماس کارشناس هستم", "channel": "ticket"},
                {"text": "قالوا لي سيتصلون خلال يومين، واليوم هو اليوم العاشر", "channel": "chat", "id": "c-17"},
            ]
        }
    )

    text: StrictStr
    channel: Channel | None = None
    id: StrictStr | None = Field(default=None, max_length=200, description="Echoed back in the result.")
    language: LanguageHint | None = None


class _FeedbackFields(StrictBody):
    text: StrictStr
    created_at: datetime | None = Field(default=None, description="When the customer wrote it (default: now).")
    customer_ref: ShortStr | None = None
    language: LanguageHint | None = Field(default=None, description="A hint; detection decides when absent.")
    metadata: dict[str, Any] = Field(default_factory=dict)


class FeedbackIn(_FeedbackFields):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "text": "گرونه ولی کیفیتش عالیه. فقط ارسال خیلی طول کشید",
                    "channel": "survey",
                    "source": "digikala-nps",
                    "external_id": "resp-88121",
                    "nps": 7,
                    "metadata": {"order": "A-1023"},
                },
                {
                    "text": "خدمة العملاء ممتازة لكن الرسوم المخفية غير مقبولة",
                    "channel": "review",
                    "source": "app-store",
                    "external_id": "r-5521",
                    "csat": 2,
                    "ces": 6,
                    "ces_scale": 7,
                },
            ]
        }
    )

    channel: Channel = "other"
    source: ShortStr | None = Field(default=None, description="The sending system (default: the API key's name).")
    external_id: ShortStr | None = Field(default=None, description="Your id: a second post with it is a duplicate.")
    nps: Annotated[StrictInt, Field(ge=0, le=10)] | None = None
    csat: Annotated[StrictInt, Field(ge=1, le=5)] | None = None
    ces: Annotated[StrictInt, Field(ge=1, le=7)] | None = None
    ces_scale: Literal[5, 7] | None = Field(default=None, description="Required with ces: a 5- or 7-point scale.")

    @model_validator(mode="after")
    def _ces_has_scale(self) -> Self:
        if (self.ces is None) != (self.ces_scale is None):
            raise PydanticCustomError("ces_scale", "ces and ces_scale go together")
        if self.ces is not None and self.ces_scale is not None and self.ces > self.ces_scale:
            raise PydanticCustomError("ces_scale", "ces is above its declared scale")
        return self


class TicketMessageIn(_FeedbackFields):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"message_id": "m-1", "text": "سلام، سفارشم هنوز نرسیده و کسی هم جواب نمیده"},
                {"message_id": "m-2", "text": "للمرة الثالثة أشرح المشكلة ولا أحد يرد", "channel": "chat"},
            ]
        }
    )

    message_id: ShortStr
    channel: Channel = "ticket"


class BatchIn(StrictBody):
    items: list[dict[str, Any]] = Field(
        description="Feedback objects (the body of POST /v1/feedback); each is validated on its own."
    )


class TopicIn(StrictBody):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "loyalty_points",
                    "phrases": {"fa": ["امتیاز باشگاه", "کش بک"], "ar": ["نقاط الولاء", "استرداد نقدي"]},
                    "exclusions": {"fa": ["امتیاز فیلم"]},
                }
            ]
        }
    )

    name: Annotated[StrictStr, Field(min_length=1, max_length=100, pattern=r"^[^\s].*$")]
    phrases: dict[LanguageHint, list[Annotated[StrictStr, Field(min_length=1, max_length=200)]]]
    exclusions: dict[LanguageHint, list[Annotated[StrictStr, Field(min_length=1, max_length=200)]]] = Field(
        default_factory=dict
    )


class IssuePatch(StrictBody):
    status: Literal["open", "acknowledged", "resolved"]
