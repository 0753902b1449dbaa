"""The offset-keeping text primitive that every text step builds on."""

from __future__ import annotations

import re

import pytest

from app.text.mapped import MappedText, TextBuilder


def test_identity_maps_each_character_to_itself() -> None:
    mapped = MappedText.identity("سلام")
    assert mapped.to_raw(1, 3) == (1, 3)


def test_translate_then_sub_compose_back_to_the_raw_text() -> None:
    raw = "aXXXb c"
    step = MappedText.identity(raw).translate({ord("X"): "y"})
    step = step.sub(re.compile(r"y+"), lambda match: "Y")
    assert step.text == "aYb c"
    assert step.to_raw(1, 2) == (1, 4)
    assert raw[slice(*step.to_raw(3, 5))] == " c"


def test_then_refuses_a_text_derived_from_something_else() -> None:
    with pytest.raises(ValueError, match="not made from"):
        MappedText.identity("abc").then(MappedText.identity("xyz"))


def test_empty_span_anchors_at_its_position() -> None:
    mapped = MappedText.identity("abc")
    assert mapped.to_raw(3, 3) == (3, 3)
    with pytest.raises(ValueError, match="outside"):
        mapped.to_raw(2, 5)


def test_builder_emit_of_unchanged_text_is_a_plain_copy() -> None:
    builder = TextBuilder("&amp;x")
    builder.emit("&", 0, 5)
    builder.emit("x", 5, 6)
    mapped = builder.build()
    assert mapped.text == "&x"
    assert mapped.to_raw(0, 1) == (0, 5)
    assert mapped.to_raw(1, 2) == (5, 6)
