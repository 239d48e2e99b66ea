"""Who and where: the region's agencies, countries (numbers, banks, languages) and compounds.

Declared as data; the generator only samples from it. Compound names and coordinates are
approximate public knowledge (places named in news reports); the operations run from them, the
numbers, accounts and names are all fictional.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

#: Reports fall between these instants (in the past, so intake never refuses them as future).
PERIOD_START = datetime(2023, 1, 2, tzinfo=UTC)
PERIOD_END = datetime(2025, 12, 29, tzinfo=UTC)
#: Operations are active over whole weeks; each week has its own mix of active operations.
WEEK_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class AgencyRow:
    """A reporting agency; ``id_pattern`` formats its external report ids (year, n)."""

    code: str
    country: str
    name: str
    id_pattern: str
    weight: float = 1.0


# fmt: off
AGENCY_ROWS: tuple[AgencyRow, ...] = (
    AgencyRow("CN-AFC", "CN", "National Anti-Fraud Centre (Ministry of Public Security)",
              "AFC{year}{n:08d}", 3),
    AgencyRow("CN-MPS-CID", "CN", "Criminal Investigation Department, Ministry of Public Security",
              "CID-{year}-{n:06d}"),
    AgencyRow("TH-CCIB", "TH", "Cyber Crime Investigation Bureau, Royal Thai Police",
              "CCIB-{year}-{n:06d}", 2),
    AgencyRow("TH-AOC", "TH", "Anti Online Scam Operation Centre", "AOC{year}{n:07d}", 2),
    AgencyRow("PH-CICC", "PH", "Cybercrime Investigation and Coordinating Center",
              "CICC-{year}-{n:06d}"),
    AgencyRow("PH-PNP-ACG", "PH", "Philippine National Police Anti-Cybercrime Group",
              "ACG-{year}-{n:06d}"),
    AgencyRow("MY-NSRC", "MY", "National Scam Response Centre", "NSRC/{year}/{n:06d}", 2),
    AgencyRow("MY-PDRM-CCID", "MY",
              "Commercial Crime Investigation Department, Royal Malaysia Police",
              "CCID/{year}/{n:06d}"),
    AgencyRow("ID-POLRI-SIBER", "ID", "Directorate of Cyber Crime, Indonesian National Police",
              "LP/SIBER/{year}/{n:06d}"),
    AgencyRow("ID-OJK-IASC", "ID", "Indonesia Anti-Scam Centre (OJK)", "IASC-{year}-{n:07d}"),
    AgencyRow("VN-A05", "VN", "Department of Cyber Security and High-Tech Crime Prevention (A05)",
              "A05-{year}-{n:06d}", 2),
    AgencyRow("VN-NCSC", "VN", "National Cyber Security Centre", "NCSC-{year}-{n:06d}"),
    AgencyRow("KH-NP-ACD", "KH",
              "Anti-Cybercrime Department, General Commissariat of National Police",
              "ACD-{year}-{n:05d}"),
    AgencyRow("KH-CCOS", "KH", "Commission for Combating Online Scams", "CCOS-{year}-{n:05d}"),
    AgencyRow("MM-MPF-CCD", "MM", "Cyber Crime Division, Myanmar Police Force",
              "CCD-{year}-{n:05d}"),
    AgencyRow("MM-MPF-ATIP", "MM", "Anti-Trafficking in Persons Division, Myanmar Police Force",
              "ATIP-{year}-{n:05d}"),
    AgencyRow("LA-MPS-ACD", "LA", "Anti-Cybercrime Department, Ministry of Public Security",
              "ACD-LA-{year}-{n:05d}"),
    AgencyRow("LA-LAOCERT", "LA", "Lao Computer Emergency Response Team",
              "LAOCERT-{year}-{n:05d}"),
    AgencyRow("SG-SPF-ASC", "SG", "Anti-Scam Command, Singapore Police Force",
              "ASC/{year}/{n:06d}", 2),
    AgencyRow("SG-SPF-CAD", "SG", "Commercial Affairs Department, Singapore Police Force",
              "CAD/{year}/{n:06d}"),
)
# fmt: on


@dataclass(frozen=True)
class BankFormat:
    """How people write one bank's accounts: names they use, digit grouping (``#`` a digit).

    Every name resolves to the bank in ``safemekong.identifiers`` from any reporting country
    (``UOB`` and ``CIMB`` alone name banks in several countries, so they are not used).
    ``prefixes`` fixes the first digits (UnionPay BINs); ``luhn`` adds a Luhn check digit.
    """

    names: tuple[str, ...]
    grouping: str
    prefixes: tuple[str, ...] = ("",)
    luhn: bool = False


@dataclass(frozen=True)
class Country:
    """A country of the region as the generator sees it: victims, SIM cards, mule accounts."""

    code: str
    utc_offset_minutes: int
    #: Share of the region's victims (relative weight).
    victim_weight: float
    languages: dict[str, float]
    currencies: dict[str, float]
    #: Mobile numbers: national significant number prefixes (space separated) and lengths.
    mobile_prefixes: str
    mobile_lengths: tuple[int, ...]
    banks: tuple[BankFormat, ...]
    ewallets: tuple[str, ...]
    #: Chat platforms scammers use with victims of this country.
    platforms: dict[str, float]

    @property
    def prefixes(self) -> tuple[str, ...]:
        """The mobile prefixes as a tuple."""
        return tuple(self.mobile_prefixes.split())


_UNIONPAY = "#### #### #### #### ###"
# fmt: off
COUNTRIES: dict[str, Country] = {c.code: c for c in (
    Country(
        "CN", 480, 30, {"zh": 1}, {"CNY": 1},
        "133 135 136 137 138 139 150 151 152 157 158 159 170 171 177 180 181 183 185 186 187 188"
        " 189 199", (11,),
        (BankFormat(("工商银行", "ICBC", "中国工商银行"), _UNIONPAY, ("622202", "621226"), True),
         BankFormat(("农业银行", "ABC"), _UNIONPAY, ("622848",), True),
         BankFormat(("建设银行", "CCB"), _UNIONPAY, ("621700", "622700"), True),
         BankFormat(("中国银行", "BOC"), _UNIONPAY, ("621661",), True),
         BankFormat(("招商银行", "CMB"), "#### #### #### ####", ("622588", "621483"), True),
         BankFormat(("邮储银行", "PSBC"), _UNIONPAY, ("621799",), True)),
        ("支付宝", "Alipay"), {"wechat": 6, "telegram": 2, "whatsapp": 1},
    ),
    Country(
        "TH", 420, 20, {"th": 9, "en": 1}, {"THB": 1},
        "61 62 63 64 65 80 81 82 83 84 85 86 87 88 89 90 91 92 93 94 95 96 97 98 99", (9,),
        (BankFormat(("KBANK", "กสิกรไทย", "Kasikorn"), "###-#-#####-#"),
         BankFormat(("SCB", "ไทยพาณิชย์"), "###-######-#"),
         BankFormat(("KTB", "กรุงไทย"), "###-#-#####-#"),
         BankFormat(("BBL", "กรุงเทพ"), "###-#-#####-#"),
         BankFormat(("Krungsri", "กรุงศรี"), "###-#-#####-#"),
         BankFormat(("TTB", "ทหารไทยธนชาต"), "###-#-#####-#"),
         BankFormat(("GSB", "ออมสิน"), "############")),
        ("PromptPay", "TrueMoney"), {"line": 6, "telegram": 2, "facebook": 2, "whatsapp": 1},
    ),
    Country(
        "VN", 420, 12, {"vi": 1}, {"VND": 1},
        "32 33 34 35 36 37 38 39 70 76 77 78 79 81 82 83 84 85 86 88 89 90 91 93 94 96 97 98",
        (9,),
        (BankFormat(("Vietcombank", "VCB"), "#############"),
         BankFormat(("Techcombank",), "##############"),
         BankFormat(("MB Bank", "MBBank"), "#############"),
         BankFormat(("VietinBank",), "############"),
         BankFormat(("ACB",), "#########"),
         BankFormat(("BIDV",), "##############")),
        ("MoMo", "ZaloPay"), {"telegram": 4, "facebook": 4, "whatsapp": 1},
    ),
    Country(
        "PH", 480, 8, {"fil": 5, "en": 5}, {"PHP": 1},
        "905 906 915 916 917 926 927 935 936 945 955 956 965 966 975 977 995 908 918 919 920 921"
        " 928 929 939 947 949 951 961 998 999", (10,),
        (BankFormat(("BDO",), "#### #### ####"),
         BankFormat(("BPI",), "#### ######"),
         BankFormat(("Metrobank",), "###-#-###-#####-#"),
         BankFormat(("UnionBank",), "#### #### ####"),
         BankFormat(("Landbank",), "####-####-##")),
        ("GCash", "Maya"), {"facebook": 4, "telegram": 3, "whatsapp": 2, "instagram": 1},
    ),
    Country(
        "MY", 480, 8, {"ms": 5, "en": 3, "zh": 2}, {"MYR": 1},
        "10 12 13 14 16 17 18 19 11", (9, 10),
        (BankFormat(("Maybank",), "#### #### ####"),
         BankFormat(("CIMB Bank",), "##########"),
         BankFormat(("Public Bank", "PBB"), "###-###-####"),
         BankFormat(("RHB",), "##############"),
         BankFormat(("Hong Leong", "HLB"), "###########")),
        ("TNG", "Touch 'n Go"), {"whatsapp": 5, "telegram": 3, "wechat": 1, "facebook": 1},
    ),
    Country(
        "ID", 420, 8, {"id": 1}, {"IDR": 1},
        "811 812 813 821 822 823 851 852 853 855 856 857 858 817 818 819 859 877 878 895 896 897"
        " 898 899", (11, 10),
        (BankFormat(("BCA",), "##########"),
         BankFormat(("BRI",), "####-##-######-##-#"),
         BankFormat(("Mandiri",), "###-##-#######-#"),
         BankFormat(("BNI",), "##########")),
        ("DANA", "OVO", "GoPay"), {"whatsapp": 5, "telegram": 3, "instagram": 1, "facebook": 1},
    ),
    Country(
        "SG", 480, 5, {"en": 7, "zh": 3}, {"SGD": 1},
        "8 9", (8,),
        (BankFormat(("DBS", "POSB"), "###-######-#"),
         BankFormat(("OCBC",), "###-######-###")),
        (), {"whatsapp": 4, "telegram": 4, "wechat": 1},
    ),
    Country(
        "KH", 420, 3, {"km": 8, "en": 2}, {"USD": 7, "KHR": 3},
        "10 11 12 15 16 17 61 69 70 76 77 78 81 85 86 87 89 92 93 95 96 97 98 99 88 90", (8, 9),
        (BankFormat(("ABA",), "### ### ###"),
         BankFormat(("ACLEDA",), "#### ## ######## #"),
         BankFormat(("Wing Bank",), "#### ####")),
        ("Wing",), {"telegram": 6, "facebook": 3, "whatsapp": 1},
    ),
    Country(
        "MM", 390, 3, {"my": 8, "en": 2}, {"MMK": 1},
        "925 926 940 942 943 944 945 976 977 978 979 995 996 997 998 999 965 966 969", (10, 9),
        (BankFormat(("KBZ", "KBZ Bank"), "### ### ### ### ### ##"),
         BankFormat(("AYA Bank",), "#### #### #### ####"),
         BankFormat(("CB Bank",), "#### #### #### ####")),
        ("KBZPay", "WavePay"), {"facebook": 5, "telegram": 3, "whatsapp": 1},
    ),
    Country(
        "LA", 420, 3, {"lo": 8, "en": 2}, {"LAK": 6, "THB": 2, "USD": 2},
        "202 205 207 209 2055 2077 2099", (10,),
        (BankFormat(("BCEL",), "###-##-##-########"),),
        (), {"whatsapp": 5, "telegram": 2, "facebook": 3},
    ),
)}
# fmt: on


@dataclass(frozen=True)
class Compound:
    """A place scam operations run from (approximate coordinates) and what it is known for."""

    name: str
    city: str
    country: str
    lat: float
    lon: float
    weight: float
    specialties: tuple[str, ...]


# fmt: off
COMPOUNDS: tuple[Compound, ...] = (
    Compound("KK Park", "Myawaddy", "MM", 16.611, 98.534, 4,
             ("pig-butchering", "investment", "task-rebate")),
    Compound("Shwe Kokko (Yatai New City)", "Myawaddy", "MM", 16.842, 98.517, 4,
             ("pig-butchering", "illegal-gambling", "romance")),
    Compound("Laukkaing compounds", "Laukkaing", "MM", 23.695, 98.756, 1.5,
             ("authority-impersonation", "task-rebate")),
    Compound("Tachileik compounds", "Tachileik", "MM", 20.447, 99.883, 1.5,
             ("investment", "task-rebate")),
    Compound("Golden Triangle SEZ", "Ton Pheung, Bokeo", "LA", 20.352, 100.098, 3,
             ("pig-butchering", "illegal-gambling", "investment")),
    Compound("Chinatown compound", "Sihanoukville", "KH", 10.627, 103.522, 3,
             ("authority-impersonation", "task-rebate", "loan")),
    Compound("Otres compound", "Sihanoukville", "KH", 10.576, 103.553, 2,
             ("pig-butchering", "sextortion", "romance")),
    Compound("Bavet SEZ compound", "Bavet", "KH", 11.076, 106.156, 2,
             ("task-rebate", "job", "loan")),
    Compound("Poipet casino strip", "Poipet", "KH", 13.658, 102.564, 1,
             ("illegal-gambling", "job")),
    Compound("Former POGO hub", "Bamban, Tarlac", "PH", 15.276, 120.569, 1,
             ("illegal-gambling", "romance", "sextortion")),
    Compound("Former POGO hub", "Porac, Pampanga", "PH", 15.072, 120.542, 1,
             ("illegal-gambling", "investment")),
    Compound("Former POGO hub", "Pasay, Metro Manila", "PH", 14.538, 121.001, 1,
             ("illegal-gambling", "loan")),
)
# fmt: on
