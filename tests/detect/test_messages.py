"""Message verdicts: Zawgyi first, language, scam/spam/benign, typology hints."""

from __future__ import annotations

import pytest

from safemekong.detect.language import detect_language
from safemekong.detect.messages import classify_message, classify_messages, normalise
from safemekong.detect.typology import typology_hints
from safemekong.errors import InvalidInput

# The title of the Universal Declaration of Human Rights in Burmese, Unicode and Zawgyi.
UNICODE_MY = "အပြည်ပြည်ဆိုင်ရာ လူ့အခွင့်အရေး ကြေညာစာတမ်း"
ZAWGYI_MY = "အျပည္ျပည္ဆိုင္ရာ လူ႔အခြင့္အေရး ေၾကညာစာတမ္း"


def test_zawgyi_is_detected_before_anything_else() -> None:
    assert detect_language(ZAWGYI_MY).zawgyi
    assert not detect_language(UNICODE_MY).zawgyi
    assert detect_language(ZAWGYI_MY).code == "my"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("您的快递已经到了，请尽快领取", "zh"),
        ("พรุ่งนี้ประชุมตอนเก้าโมงเช้านะครับ", "th"),
        ("Mai mình đi ăn trưa ở quán cũ nhé", "vi"),
        ("Besok kita rapat jam sembilan pagi di kantor", "id"),
        ("See you at the station at nine tomorrow", "en"),
    ],
)
def test_language_of_the_regions_messages(text: str, code: str) -> None:
    assert detect_language(text).code == code


def test_typology_hints_name_the_script_and_its_cues() -> None:
    hints = typology_hints("Công an thông báo tài khoản ngân hàng của bạn liên quan rửa tiền")
    assert {h.typology for h in hints} >= {"impersonation-police", "impersonation-bank"}


def test_police_impersonation_sms_is_scam_with_typology() -> None:
    verdict = classify_message(
        "Đây là công an quận, tài khoản ngân hàng của bạn liên quan vụ rửa tiền, "
        "chuyển toàn bộ số dư vào tài khoản an toàn tại congan-xacminh.top để kiểm tra."
    )
    assert verdict.label == "scam", verdict.to_json()
    assert "impersonation-police" in verdict.extra["typologies"]
    assert verdict.extra["language"]["code"] == "vi"
    assert "congan-xacminh.top" in verdict.extra["urls"][0]


def test_otp_and_family_messages_are_benign() -> None:
    verdicts = classify_messages(
        [
            "Your one-time code is 552901. It expires in 5 minutes.",
            "Mum, I'll be home late tonight.",
        ]
    )
    assert [v.label for v in verdicts] == ["benign", "benign"]


def test_gambling_promotion_is_not_benign() -> None:
    verdict = classify_message("สล็อตเว็บตรง ฝาก-ถอน ออโต้ ไม่มีขั้นต่ำ รับเครดิตฟรีทันที สมัครที่ slot-vip88.com")
    assert verdict.label in {"spam", "scam"}
    assert "gambling-promotion" in verdict.extra["typologies"]


def test_normalise_folds_urls_phones_and_digits() -> None:
    assert (
        normalise("Call 0812345678 or visit abc.top now 12") == "call ⟨tel⟩ or visit ⟨url⟩ now 00"
    )


def test_empty_or_huge_messages_are_refused_with_the_field() -> None:
    with pytest.raises(InvalidInput, match="text"):
        classify_message("   ")
    with pytest.raises(InvalidInput, match="longer"):
        classify_message("x" * 20_000)
