"""Bank and e-wallet tables: who a name, short name or alias points to.

Sources: Bank of Thailand bank codes (Thai 3-digit codes), the PBoC CNAPS head-office codes
(Chinese 3-digit codes), the banks' published SWIFT BICs. Countries without a national code
in these tables are keyed by the 8-character BIC. A code missing here is still accepted in the
``CC:CODE:ACCOUNT`` form; the table only adds names and resolves names to codes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bank:
    """A bank: the code its accounts are keyed by, its names, and its BIC when known."""

    country: str
    code: str
    name: str
    short: str
    aliases: tuple[str, ...] = ()
    bic: str | None = None


@dataclass(frozen=True)
class EWallet:
    """An e-wallet: accounts are keyed by provider and the phone number or id they use."""

    country: str
    code: str
    name: str
    aliases: tuple[str, ...] = ()
    #: What identifies an account, tried in order: "phone", "th-national-id", "email", "wechat".
    accepts: tuple[str, ...] = ("phone",)


#: Countries whose banks are keyed by a national bank code, and that code's length.
NATIONAL_CODE_DIGITS: dict[str, int] = {"TH": 3, "CN": 3}

#: Account number lengths (digits) where a country has a rule; other countries take 5–34.
ACCOUNT_DIGITS: dict[str, tuple[int, ...]] = {"TH": (10, 12)}
ACCOUNT_DIGITS_ANY: tuple[int, int] = (5, 34)

BANKS: tuple[Bank, ...] = (
    # Thailand: Bank of Thailand 3-digit codes.
    Bank("TH", "002", "Bangkok Bank", "BBL", ("ธนาคารกรุงเทพ", "กรุงเทพ", "bualuang"), "BKKBTHBK"),
    Bank(
        "TH", "004", "Kasikornbank", "KBANK", ("Kasikorn", "KBank", "กสิกร", "กสิกรไทย"), "KASITHBK"
    ),
    Bank("TH", "006", "Krungthai Bank", "KTB", ("Krung Thai", "กรุงไทย"), "KRTHTHBK"),
    Bank(
        "TH", "011", "TMBThanachart Bank", "TTB", ("TMB", "Thanachart", "ทหารไทยธนชาต"), "TMBKTHBK"
    ),
    Bank("TH", "014", "Siam Commercial Bank", "SCB", ("ไทยพาณิชย์",), "SICOTHBK"),
    Bank("TH", "017", "Citibank Thailand", "Citi TH", ("Citibank", "ซิตี้แบงก์")),
    Bank("TH", "020", "Standard Chartered Bank (Thai)", "SCBT", ("สแตนดาร์ดชาร์เตอร์ด",)),
    Bank("TH", "022", "CIMB Thai Bank", "CIMBT", ("CIMB Thai", "CIMB", "ซีไอเอ็มบี"), "UBOBTHBK"),
    Bank(
        "TH", "024", "United Overseas Bank (Thai)", "UOBT", ("UOB Thai", "UOB", "ยูโอบี"), "UOVBTHBK"
    ),
    Bank("TH", "025", "Bank of Ayudhya", "BAY", ("Krungsri", "กรุงศรี", "กรุงศรีอยุธยา"), "AYUDTHBK"),
    Bank("TH", "030", "Government Savings Bank", "GSB", ("ออมสิน",)),
    Bank("TH", "031", "HSBC Thailand", "HSBC TH", ("HSBC",)),
    Bank("TH", "033", "Government Housing Bank", "GHB", ("ธอส", "อาคารสงเคราะห์")),
    Bank("TH", "034", "Bank for Agriculture and Agricultural Cooperatives", "BAAC", ("ธกส",)),
    Bank("TH", "066", "Islamic Bank of Thailand", "ISBT", ("อิสลาม",)),
    Bank("TH", "067", "TISCO Bank", "TISCO", ("ทิสโก้",)),
    Bank("TH", "069", "Kiatnakin Phatra Bank", "KKP", ("Kiatnakin", "เกียรตินาคิน")),
    Bank("TH", "070", "ICBC (Thai)", "ICBCT", ("ICBC Thai",)),
    Bank("TH", "071", "Thai Credit Bank", "TCRB", ("ไทยเครดิต",)),
    Bank("TH", "073", "LH Bank", "LHB", ("Land and Houses Bank", "LH Bank", "แลนด์ แอนด์ เฮ้าส์")),
    # China: CNAPS head-office codes.
    Bank(
        "CN",
        "102",
        "Industrial and Commercial Bank of China",
        "ICBC",
        ("工商银行", "中国工商银行", "工行"),
        "ICBKCNBJ",
    ),
    Bank(
        "CN",
        "103",
        "Agricultural Bank of China",
        "ABC",
        ("农业银行", "中国农业银行", "农行"),
        "ABOCCNBJ",
    ),
    Bank("CN", "104", "Bank of China", "BOC", ("中国银行", "中行"), "BKCHCNBJ"),
    Bank(
        "CN",
        "105",
        "China Construction Bank",
        "CCB",
        ("建设银行", "中国建设银行", "建行"),
        "PCBCCNBJ",
    ),
    Bank("CN", "301", "Bank of Communications", "BOCOM", ("交通银行", "交行", "BCM"), "COMMCNSH"),
    Bank("CN", "302", "China CITIC Bank", "CITIC", ("中信银行",), "CIBKCNBJ"),
    Bank("CN", "303", "China Everbright Bank", "CEB", ("光大银行", "中国光大银行"), "EVERCNBJ"),
    Bank("CN", "304", "Hua Xia Bank", "HXB", ("华夏银行",)),
    Bank("CN", "305", "China Minsheng Bank", "CMBC", ("民生银行", "中国民生银行"), "MSBCCNBJ"),
    Bank("CN", "306", "China Guangfa Bank", "CGB", ("广发银行",), "GDBKCNBG"),
    Bank("CN", "307", "Ping An Bank", "PAB", ("平安银行",)),
    Bank("CN", "308", "China Merchants Bank", "CMB", ("招商银行", "招行"), "CMBCCNBS"),
    Bank("CN", "309", "Industrial Bank", "CIB", ("兴业银行",), "FJIBCNBA"),
    Bank(
        "CN",
        "310",
        "Shanghai Pudong Development Bank",
        "SPDB",
        ("浦发银行", "浦东发展银行"),
        "SPDBCNSH",
    ),
    Bank(
        "CN",
        "403",
        "Postal Savings Bank of China",
        "PSBC",
        ("邮储银行", "中国邮政储蓄银行", "邮政储蓄"),
        "PSBCCNBJ",
    ),
    # Elsewhere: keyed by the 8-character BIC.
    Bank("PH", "BNORPHMM", "BDO Unibank", "BDO"),
    Bank("PH", "BOPIPHMM", "Bank of the Philippine Islands", "BPI"),
    Bank("PH", "MBTCPHMM", "Metropolitan Bank and Trust", "Metrobank"),
    Bank("PH", "TLBPPHMM", "Land Bank of the Philippines", "Landbank"),
    Bank("PH", "PNBMPHMM", "Philippine National Bank", "PNB"),
    Bank("PH", "UBPHPHMM", "Union Bank of the Philippines", "UnionBank"),
    Bank("PH", "RCBCPHMM", "Rizal Commercial Banking Corporation", "RCBC"),
    Bank("PH", "SETCPHMM", "Security Bank", "Security Bank"),
    Bank("MY", "MBBEMYKL", "Malayan Banking", "Maybank"),
    Bank("MY", "CIBBMYKL", "CIMB Bank", "CIMB"),
    Bank("MY", "PBBEMYKL", "Public Bank", "Public Bank", ("PBB",)),
    Bank("MY", "RHBBMYKL", "RHB Bank", "RHB"),
    Bank("MY", "HLBBMYKL", "Hong Leong Bank", "Hong Leong", ("HLB",)),
    Bank("MY", "ARBKMYKL", "AmBank", "AmBank"),
    Bank("ID", "CENAIDJA", "Bank Central Asia", "BCA"),
    Bank("ID", "BRINIDJA", "Bank Rakyat Indonesia", "BRI"),
    Bank("ID", "BNINIDJA", "Bank Negara Indonesia", "BNI"),
    Bank("ID", "BMRIIDJA", "Bank Mandiri", "Mandiri"),
    Bank("ID", "BNIAIDJA", "CIMB Niaga", "CIMB Niaga", ("CIMB",)),
    Bank("ID", "BSMDIDJA", "Bank Syariah Indonesia", "BSI"),
    Bank("VN", "BFTVVNVX", "Vietcombank", "VCB", ("Vietcombank",)),
    Bank("VN", "VTCBVNVX", "Techcombank", "TCB", ("Techcombank",)),
    Bank("VN", "ICBVVNVX", "VietinBank", "CTG", ("VietinBank",)),
    Bank("VN", "BIDVVNVX", "Bank for Investment and Development of Vietnam", "BIDV"),
    Bank("VN", "MSCBVNVX", "Military Commercial Joint Stock Bank", "MB", ("MB Bank", "MBBank")),
    Bank("VN", "ASCBVNVX", "Asia Commercial Bank", "ACB"),
    Bank("VN", "VPBKVNVX", "VPBank", "VPB", ("VPBank",)),
    Bank("VN", "VBAAVNVX", "Agribank", "Agribank"),
    Bank("VN", "SGTTVNVX", "Sacombank", "STB", ("Sacombank",)),
    Bank("KH", "ABAAKHPP", "Advanced Bank of Asia", "ABA"),
    Bank("KH", "ACLBKHPP", "ACLEDA Bank", "ACLEDA"),
    Bank("KH", "WINGKHPP", "Wing Bank", "Wing Bank"),
    Bank("KH", "CADIKHPP", "Canadia Bank", "Canadia"),
    Bank("MM", "KBZBMMMY", "Kanbawza Bank", "KBZ", ("KBZ Bank",)),
    Bank("MM", "AYABMMMY", "Ayeyarwady Bank", "AYA", ("AYA Bank",)),
    Bank("MM", "CPOBMMMY", "Co-operative Bank", "CB", ("CB Bank",)),
    Bank("MM", "YOMAMMMY", "Yoma Bank", "Yoma"),
    Bank("LA", "COEBLALA", "Banque pour le Commerce Exterieur Lao", "BCEL"),
    Bank("SG", "DBSSSGSG", "DBS Bank", "DBS", ("POSB",)),
    Bank("SG", "OCBCSGSG", "Oversea-Chinese Banking Corporation", "OCBC"),
    Bank("SG", "UOVBSGSG", "United Overseas Bank", "UOB"),
)

EWALLETS: tuple[EWallet, ...] = (
    EWallet("PH", "gcash", "GCash", ("G-Cash",)),
    EWallet("PH", "maya", "Maya", ("PayMaya",)),
    EWallet("TH", "promptpay", "PromptPay", ("พร้อมเพย์",), ("phone", "th-national-id")),
    EWallet("TH", "truemoney", "TrueMoney", ("TrueMoney Wallet", "True Money", "ทรูมันนี่")),
    EWallet("ID", "gopay", "GoPay", ("Go-Pay",)),
    EWallet("ID", "ovo", "OVO"),
    EWallet("ID", "dana", "DANA"),
    EWallet("VN", "momo", "MoMo", ("Ví MoMo",)),
    EWallet("VN", "zalopay", "ZaloPay", ("Zalo Pay",)),
    EWallet("MY", "tng", "Touch 'n Go", ("TNG", "Touch n Go", "Touch 'n Go eWallet", "TnG")),
    EWallet("KH", "wing", "Wing", ("Wing Money",)),
    EWallet("MM", "kbzpay", "KBZPay", ("KBZ Pay",)),
    EWallet("MM", "wavepay", "WavePay", ("Wave Money", "Wave Pay")),
    EWallet("CN", "alipay", "Alipay", ("支付宝", "Zhifubao"), ("phone", "email")),
    EWallet("CN", "wechatpay", "WeChat Pay", ("微信支付", "Weixin Pay"), ("phone", "wechat")),
)

#: The first six digits (BIN) of UnionPay debit cards of a few large banks (partial; informative).
UNIONPAY_BINS: dict[str, str] = {
    "622202": "102",
    "621226": "102",
    "622848": "103",
    "621700": "105",
    "622700": "105",
    "621661": "104",
    "622588": "308",
    "621483": "308",
    "622262": "301",
    "621799": "403",
}
