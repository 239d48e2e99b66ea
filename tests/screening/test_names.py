"""The name model: each script of the region becomes comparable Latin forms."""

from __future__ import annotations

import pytest

from safemekong.screening.han import wade_giles
from safemekong.screening.names import name_forms
from safemekong.screening.scripts import detect_script


def _texts(name: str) -> dict[str, str]:
    return {f.via: f.text for f in reversed(name_forms(name))}


def test_traditional_and_simplified_chinese_read_the_same() -> None:
    assert [f.text for f in name_forms("趙偉")] == [f.text for f in name_forms("赵伟")]
    assert _texts("赵伟")["pinyin"] == "zhao wei"
    assert _texts("赵伟")["wade-giles"] == "chao wei"


@pytest.mark.parametrize(
    ("name", "reading"),
    [("曾庆红", "zeng"), ("单田芳", "shan"), ("解缙", "xie"), ("仇英", "qiu"), ("朴槿惠", "piao")],
)
def test_surnames_use_their_surname_reading_not_the_common_one(name: str, reading: str) -> None:
    assert name_forms(name)[0].tokens[0] == reading


def test_chinese_surnames_have_cantonese_and_hokkien_spellings() -> None:
    vias = {f.text for f in name_forms("陈志")}
    assert {"chen zhi", "chan zhi", "tan zhi"} <= vias


def test_given_name_first_chinese_finds_the_family_name_at_the_end() -> None:
    assert name_forms("桂荣 兰")[0].text == "lan guirong"


@pytest.mark.parametrize(
    ("syllable", "expected"),
    [("zhao", "chao"), ("xiao", "hsiao"), ("zi", "tzu"), ("qing", "ching"), ("guo", "kuo")],
)
def test_pinyin_to_wade_giles(syllable: str, expected: str) -> None:
    assert wade_giles(syllable) == expected


def test_thai_chinese_sae_surname_stays_one_token() -> None:
    assert _texts("ธัญชัย แซ่โจว")["thai-rtgs"] == "thanchai saecho"


def test_burmese_unicode_and_zawgyi_read_as_saw_chit_thu_with_saw_an_honorific() -> None:
    unicode_form = name_forms("စောချစ်သူ")[0]
    zawgyi_form = name_forms("ေစာခ်စ္သူ")[0]
    assert unicode_form.text == zawgyi_form.text == "saw chit thu"
    assert unicode_form.weak == frozenset({"saw"})
    assert "Zawgyi" in zawgyi_form.note


def test_burmese_syllables_split_without_spaces() -> None:
    assert name_forms("အောင်ဆန်းစုကြည်")[0].text == "aung san su kyi"
    assert name_forms("ဝင်းမြင့်")[0].text == "win myint"


def test_khmer_names_use_the_cambodian_spelling() -> None:
    assert name_forms("ហ៊ុន សែន")[0].text == "hun sen"


def test_vietnamese_diacritics_fold() -> None:
    form = name_forms("Nguyễn Văn Đức")[0]
    assert form.text == "nguyen van duc"
    assert form.script == "vietnamese"


def test_latin_names_split_on_commas_hyphens_and_drop_apostrophes() -> None:
    assert name_forms("WEI, Zhao")[0].tokens == ("wei", "zhao")
    assert name_forms("Teng Hsiao-p'ing")[0].tokens == ("teng", "hsiao", "ping")


def test_a_name_without_letters_has_no_forms() -> None:
    assert name_forms("1234 --") == ()


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("赵伟", "han"),
        ("ธัญชัย", "thai"),
        ("စော", "burmese"),
        ("ហ៊ុន", "khmer"),
        ("ສົມສັກ", "lao"),
        ("Nguyễn", "vietnamese"),
        ("Zhao", "latin"),
        ("김정은", "hangul"),
    ],
)
def test_script_detection(text: str, script: str) -> None:
    assert detect_script(text) == script
