"""The labelled page set for the page benchmark, made here because no public one exists.

Clean pages: government, university and news pages written for SafeMekong in English,
Vietnamese, Thai, Chinese, Indonesian and Filipino (a title, a heading, paragraphs drawn from a
pool per language, an internal menu, sometimes a sports section, an analytics script that reads
the User-Agent without acting on it, and a hidden mobile menu of internal links: the hard
negatives). Injected pages: the same clean pages rewritten by the techniques the issue documents,
alone and combined: a bracketed gambling brand at the head of the title; gambling terms in the
meta description and keywords; outbound anchors to numbered mirror domains with gambling anchor
text; a hidden block of gambling links; a cloaking script keyed on User-Agent or Referer. Every
page is generated from a seed, so the set is the same on every run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SITES = {
    "en": ("Ministry of Agriculture", "State University", "The Daily Courier"),
    "vi": ("Bộ Nông nghiệp", "Trường Đại học Bách khoa", "Báo Tin Tức"),
    "th": ("กระทรวงเกษตร", "มหาวิทยาลัยแห่งรัฐ", "ข่าวรายวัน"),
    "zh": ("农业农村局", "理工大学", "都市日报"),
    "id": ("Kementerian Pertanian", "Universitas Negeri", "Harian Kota"),
    "fil": ("Kagawaran ng Agrikultura", "Pamantasang Estado", "Balitang Araw-araw"),
}
PARAGRAPHS = {
    "en": (
        "The council approved funding for a new flood defence along the river after heavy rains.",
        "Applications for the scholarship programme open on Monday and close at the end of the month.",
        "Farmers in the northern provinces report a better rice harvest than last year.",
        "The library will extend its opening hours during the examination period.",
        "Officials warned residents not to share bank codes with callers claiming to be police.",
        "The new bus line connects the university campus with the central station every ten minutes.",
    ),
    "vi": (
        "Hội đồng đã phê duyệt kinh phí xây dựng đê chống lũ mới dọc bờ sông sau mưa lớn.",
        "Hồ sơ xin học bổng được nhận từ thứ Hai và kết thúc vào cuối tháng.",
        "Nông dân các tỉnh phía Bắc cho biết vụ lúa năm nay được mùa hơn năm ngoái.",
        "Thư viện sẽ kéo dài giờ mở cửa trong thời gian thi cử.",
        "Cơ quan chức năng khuyến cáo người dân không cung cấp mã OTP cho người lạ.",
        "Tuyến xe buýt mới nối khuôn viên trường với ga trung tâm mười phút một chuyến.",
    ),
    "th": (
        "สภาอนุมัติงบประมาณสร้างคันกั้นน้ำใหม่ริมแม่น้ำหลังฝนตกหนัก",
        "เปิดรับสมัครทุนการศึกษาตั้งแต่วันจันทร์จนถึงสิ้นเดือน",
        "เกษตรกรภาคเหนือรายงานว่าผลผลิตข้าวปีนี้ดีกว่าปีที่แล้ว",
        "ห้องสมุดจะขยายเวลาเปิดให้บริการในช่วงสอบ",
        "เจ้าหน้าที่เตือนประชาชนอย่าให้รหัสธนาคารแก่ผู้ที่อ้างว่าเป็นตำรวจ",
        "รถโดยสารสายใหม่เชื่อมมหาวิทยาลัยกับสถานีกลางทุกสิบนาที",
    ),
    "zh": (
        "市议会批准拨款沿河修建新的防洪堤，以应对近期的强降雨。",
        "奖学金申请将于周一开放，月底截止。",
        "北方各省农民表示今年水稻收成好于去年。",
        "考试期间图书馆将延长开放时间。",
        "有关部门提醒市民不要向自称警察的来电者提供银行验证码。",
        "新开通的公交线路每十分钟连接大学校园和中央车站。",
    ),
    "id": (
        "Dewan menyetujui dana pembangunan tanggul banjir baru di sepanjang sungai setelah hujan deras.",
        "Pendaftaran beasiswa dibuka hari Senin dan ditutup pada akhir bulan.",
        "Petani di provinsi utara melaporkan panen padi lebih baik dari tahun lalu.",
        "Perpustakaan akan memperpanjang jam buka selama masa ujian.",
        "Petugas mengingatkan warga agar tidak memberikan kode bank kepada penelepon yang mengaku polisi.",
        "Jalur bus baru menghubungkan kampus dengan stasiun pusat setiap sepuluh menit.",
    ),
    "fil": (
        "Inaprubahan ng konseho ang pondo para sa bagong pader laban sa baha sa tabi ng ilog.",
        "Bukas ang aplikasyon para sa scholarship mula Lunes hanggang katapusan ng buwan.",
        "Iniulat ng mga magsasaka sa hilaga na mas maganda ang ani ng palay ngayong taon.",
        "Palalawigin ng aklatan ang oras ng pagbubukas sa panahon ng pagsusulit.",
        "Nagbabala ang mga opisyal na huwag ibigay ang bank code sa mga tumatawag na nagpapanggap na pulis.",
        "Ang bagong ruta ng bus ay nag-uugnay sa kampus at sa sentral na istasyon tuwing sampung minuto.",
    ),
}
SPORT = {"en": "Sport: the city team won its third match.", "vi": "Thể thao: đội bóng thành phố thắng trận thứ ba.",
         "th": "กีฬา: ทีมฟุตบอลประจำจังหวัดชนะนัดที่สาม", "zh": "体育：市足球队赢得本赛季第三场比赛。",
         "id": "Olahraga: tim kota memenangkan pertandingan ketiga.", "fil": "Palakasan: nanalo ang koponan ng lungsod."}  # fmt: skip
BRANDS = (("开云体育", "kaiyun", "vip"), ("KUBET", "kubet", "com"), ("JUN88", "jun", "net"),
          ("FB88", "fb", "bet"), ("W88", "w", "cc"), ("SBOBET", "sbobet", "asia"),
          ("Slot Gacor", "gacor", "xyz"), ("BK8", "bk", "org"), ("Hi88", "hi", "vip"))  # fmt: skip
TERMS = ("体育", "娱乐", "官网", "casino", "slot gacor", "judi online", "togel", "xổ số", "nhà cái",
         "สล็อต", "บาคาร่า", "sabong")  # fmt: skip
TECHNIQUES = ("title", "meta", "anchors", "hidden", "cloak")


@dataclass(frozen=True)
class Page:
    html: str
    url: str
    injected: bool
    techniques: tuple[str, ...]
    lang: str


def _clean(rng: random.Random, lang: str) -> tuple[str, str, list[str], str]:
    site = rng.choice(SITES[lang])
    paragraphs = rng.sample(PARAGRAPHS[lang], 4)
    title = f"{paragraphs[0][:60]} | {site}"
    body = [f"<h1>{paragraphs[0]}</h1>", *(f"<p>{p}</p>" for p in paragraphs[1:])]
    if rng.random() < 0.5:
        body.append(f"<p>{SPORT[lang]}</p>")
    body.append(
        '<nav><a href="/news">News</a> <a href="/about">About</a> <a href="https://gov.example/">Portal</a></nav>'
    )
    if rng.random() < 0.5:
        body.append(
            '<div style="display:none" class="mobile-menu"><a href="/news">News</a><a href="/contact">Contact</a></div>'
        )
    head = ""
    if rng.random() < 0.5:
        head = "<script>var ua = navigator.userAgent; analytics.track('view', {ua: ua});</script>"
    return title, head, body, site


def make_pages(n_clean: int = 600, seed: int = 3) -> list[Page]:
    """Clean pages and one injected variant of each, with one to all techniques applied."""
    rng = random.Random(seed)
    pages = []
    for i in range(n_clean):
        lang = rng.choice(list(SITES))
        title, head, body, _ = _clean(rng, lang)
        url = f"https://site{i}.example.{rng.choice(['gov', 'edu', 'org'])}/article/{i}"
        pages.append(Page(_html(title, head, body), url, False, (), lang))
        techniques = tuple(sorted(rng.sample(TECHNIQUES, rng.randint(1, 3))))
        brand, stem, tld = rng.choice(BRANDS)
        mirrors = [f"{rng.randint(10, 999)}{stem}.{tld}" for _ in range(rng.randint(1, 4))]
        term = rng.choice(TERMS)
        i_title, i_head, i_body = title, head, list(body)
        if "title" in techniques:
            i_title = (
                f"【{brand}{rng.choice(['', term])}】{title}"
                if rng.random() < 0.5
                else f"[{brand} {term}] {title}"
            )
        if "meta" in techniques:
            i_head += f'<meta name="keywords" content="{brand},{term},{brand} {rng.choice(TERMS)}">'
            i_head += f'<meta name="description" content="{brand} {term} {rng.choice(TERMS)}">'
        if "anchors" in techniques:
            i_body.append("".join(f'<a href="https://{m}/">{brand} {term}</a> ' for m in mirrors))
        if "hidden" in techniques:
            links = "".join(f'<a href="https://{m}/">{term}</a>' for m in mirrors)
            i_body.append(f'<div style="position:absolute;left:-9999px;top:-9999px">{links}</div>')
        if "cloak" in techniques:
            key = rng.choice(["navigator.userAgent", "document.referrer"])
            i_head += (f"<script>var k={key}.toLowerCase();if(/baidu|google|sogou|bot/.test(k))"
                       f"{{window.location.href='https://{mirrors[0]}/';}}</script>")  # fmt: skip
        pages.append(Page(_html(i_title, i_head, i_body), url, True, techniques, lang))
    return pages


def _html(title: str, head: str, body: list[str]) -> str:
    return f"<!doctype html><html><head><title>{title}</title>{head}</head><body>{''.join(body)}</body></html>"
