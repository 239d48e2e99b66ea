"""Typology hints for scam messages: which script a message follows, and the words that show it.

A table, not a model: each typology lists cue words in the region's languages; a message gets a
hint for every typology with at least one cue, strongest (most cues) first. The labels follow
the hub's report typologies where they overlap.
"""

from __future__ import annotations

from dataclasses import dataclass

#: typology -> cue words (lower-case; matched as substrings, so Chinese and Thai need no tokens).
TYPOLOGY_CUES: dict[str, tuple[str, ...]] = {
    "impersonation-police": (
        "公安", "警官", "检察院", "法院", "通缉", "洗钱", "涉嫌", "police", "officer", "arrest warrant",
        "công an", "viện kiểm sát", "lệnh bắt", "tòa án", "ตำรวจ", "ดีเอสไอ", "หมายจับ", "ฟอกเงิน",
        "polisi", "kejaksaan", "pulis", "nbi", "money laundering",
    ),
    "impersonation-courier": (
        "快递", "包裹", "理赔", "parcel", "package", "delivery", "courier", "customs", "shipment",
        "bưu kiện", "giao hàng", "đơn hàng", "พัสดุ", "ขนส่ง", "ศุลกากร", "paket", "kurir", "bea cukai",
        "dhl", "fedex", "usps", "lbc", "kerry", "j&t", "viettel post",
    ),
    "impersonation-bank": (
        "银行", "账户", "冻结", "信用卡", "bank", "account", "suspended", "verify", "otp", "login",
        "ngân hàng", "tài khoản", "khóa", "xác thực", "ธนาคาร", "บัญชี", "ระงับ", "ยืนยันตัวตน",
        "rekening", "diblokir", "verifikasi", "bdo", "bpi", "gcash", "vietcombank", "kbank",
    ),
    "impersonation-acquaintance": (
        "我是你领导", "老同学", "换号", "借我", "mama minta", "papa minta", "ini mama", "new number",
        "số mới", "mẹ đây", "เบอร์ใหม่", "it's me", "this is mom",
    ),
    "investment": (
        "投资", "理财", "收益", "回报", "稳赚", "带单", "usdt", "crypto", "invest", "profit",
        "guaranteed return", "trading", "đầu tư", "lợi nhuận", "sàn", "ลงทุน", "ผลตอบแทน", "กำไร",
        "investasi", "keuntungan", "saham", "kita agad",
    ),
    "task-rebate": (
        "刷单", "点赞", "返利", "佣金", "兼职", "做任务", "task", "commission", "like and follow",
        "part-time", "part time", "việc nhẹ", "hoa hồng", "nhiệm vụ", "cộng tác viên", "งานออนไลน์",
        "ค่าคอม", "รายได้เสริม", "kerja paruh waktu", "komisi", "tugas", "sideline", "raket",
    ),
    "loan": (
        "贷款", "额度", "放款", "无抵押", "loan", "lending", "no collateral", "vay", "giải ngân",
        "khoản vay", "nợ", "สินเชื่อ", "เงินกู้", "ปล่อยกู้", "กู้เงิน", "pinjaman", "pinjol", "dana cepat",
        "utang", "pautang",
    ),
    "gambling-promotion": (
        "体育", "娱乐", "彩票", "百家乐", "棋牌", "casino", "slot", "bet", "jackpot", "free spins",
        "nhà cái", "cá cược", "nổ hũ", "tài xỉu", "xổ số", "สล็อต", "คาสิโน", "บาคาร่า", "เครดิตฟรี",
        "ฝาก-ถอน", "judi", "togel", "gacor", "maxwin", "sabong", "online sabong",
    ),
    "prize": (
        "中奖", "奖品", "幸运", "winner", "won", "prize", "claim your", "reward", "trúng thưởng",
        "quà tặng", "ถูกรางวัล", "รางวัล", "hadiah", "pemenang", "selamat anda", "nanalo", "premyo",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class TypologyHint:
    typology: str
    cues: tuple[str, ...]


def typology_hints(text: str) -> list[TypologyHint]:
    """Typologies whose cue words occur in ``text``, most cues first."""
    lowered = text.lower()
    hints = []
    for typology, cues in TYPOLOGY_CUES.items():
        found = tuple(cue for cue in cues if cue in lowered)
        if found:
            hints.append(TypologyHint(typology, found))
    return sorted(hints, key=lambda h: -len(h.cues))
