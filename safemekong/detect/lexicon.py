"""Word lists the detectors share, kept as data: gambling and scam vocabulary by language.

Each entry is lower-case. Domain features look for the ASCII terms inside host labels; page and
message features look for every term in text. Sources: the issue's description of gambling SEO
injection (体育/娱乐/官网/sport/casino/slot/judi/togel/gacor/xoso) and the region's scam scripts.
"""

from __future__ import annotations

# fmt: off

#: Gambling terms as they appear in host names (ASCII, no separators).
GAMBLING_HOST_TERMS: tuple[str, ...] = (
    "bet", "casino", "slot", "judi", "togel", "gacor", "xoso", "xsmb", "soxo", "lode", "danhde",
    "poker", "baccarat", "bacarat", "roulette", "jackpot", "sbobet", "sportsbook", "sport",
    "tiyu", "yule", "qipai", "caipiao", "kaiyun", "hth", "leyu", "ayx", "bob", "vnbet", "nohu",
    "banca", "taixiu", "tai-xiu", "gamebai", "789", "888", "999", "vip", "win", "lucky", "spin",
    "bingo", "lotto", "lottery", "keno", "maxwin", "scatter", "zeus", "olympus", "pgsoft",
    "pragmatic", "joker", "kubet", "fb88", "jun88", "w88", "bk8", "m88", "12bet", "fun88",
    "188bet", "dafabet", "ole777", "hi88", "new88", "shbet", "f8bet", "okvip", "mu88", "bj88",
    "bong", "cuoc", "keonha", "nhacai", "huay", "ufabet", "pgslot", "mega", "royal", "club",
)

#: Scam and phishing terms as they appear in host names (ASCII, no separators).
SCAM_HOST_TERMS: tuple[str, ...] = (
    "login", "signin", "secure", "verify", "verification", "account", "update", "confirm",
    "support", "service", "helpdesk", "wallet", "airdrop", "claim", "reward", "bonus", "gift",
    "free", "bank", "banking", "ebank", "ibank", "online", "auth", "recover", "unlock", "kyc",
    "refund", "invoice", "payment", "pay", "billing", "customs", "delivery", "parcel", "track",
    "post", "tracking", "vidientu", "chuyentien", "nhantien", "giaodich", "lienket", "taikhoan",
    "dichvu", "hotro", "vay", "mint", "nft", "swap", "bridge", "stake", "dapp", "connect", "web3",
    "metamask", "defi", "presale", "token", "invest", "trade", "profit", "usdt", "exchange",
    "app", "official", "portal", "center", "centre", "net", "247", "24h", "vn",
)

#: Gambling terms found in page titles, anchor text and messages (several languages).
GAMBLING_TEXT_TERMS: tuple[str, ...] = (
    "体育", "娱乐", "官网", "官方网站", "真人", "棋牌", "彩票", "电竞", "开云", "博彩", "百家乐",
    "赌场", "老虎机", "投注", "下注", "注册送", "首存",
    "sport", "sports", "casino", "slot", "slots", "judi", "togel", "gacor", "xoso",
    "xổ số", "nhà cái", "cá cược", "nổ hũ", "tài xỉu", "game bài", "bắn cá", "đá gà", "lô đề",
    "soi cầu", "betting", "sportsbook", "poker", "baccarat", "jackpot", "maxwin", "situs",
    "bandar", "taruhan", "สล็อต", "คาสิโน", "บาคาร่า", "แทงบอล", "เว็บพนัน", "หวย", "เครดิตฟรี",
    "ฝาก-ถอน", "ฝากถอน", "sabong", "online casino", "free spins", "bet365", "bonus deposit",
    "deposit bonus",
)
# fmt: on
