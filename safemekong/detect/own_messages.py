"""SafeMekong's own labelled message set, written by hand for languages without permissively
licensed training data (Chinese, Thai, Vietnamese, Indonesian) and to widen English and Filipino.

Every template below was written for SafeMekong from the public descriptions of the region's
scam scripts (police, courier and bank impersonation, investment, task/rebate, loan, gambling
promotion, fake prizes) and of ordinary messages (OTPs, deliveries, bills, family and work
chat). None is copied from the evaluation-only sets. ``expand`` fills the slots with a seeded
random generator, so the set is the same on every run. Labels: scam, spam, benign.
"""

from __future__ import annotations

import random
import re

from safemekong.detect.datasets import Sample

SOURCE = "safemekong-own"

SLOTS: dict[str, tuple[str, ...]] = {
    "amount": ("500", "1,200", "3.000.000", "25,000", "9.800", "150", "49.000", "2,350,000"),
    "code": ("482913", "770154", "193027", "640388", "305716"),
    "date": ("12/03", "28/07", "05/11", "2026-01-19", "14/02"),
    "time": ("10:30", "17:00", "08:15", "21:45"),
    "phone": ("0812345678", "+84 912 345 678", "0856-1234-567", "13800138000", "09171234567"),
    "url": ("bit.ly/3xKq9", "secure-verify-acc.top", "vn-ebank.online", "kbank-th.info/login",
            "claim-reward.xyz", "tinyurl.com/y7ab2", "shopee-bonus.vip", "tracking-post.cc/id"),
    "name": ("Minh", "Somchai", "Budi", "Li Wei", "Maria", "Anh", "Siti", "Juan"),
}  # fmt: skip

# (language, label, template)
TEMPLATES: tuple[tuple[str, str, str], ...] = (
    # -- Chinese --------------------------------------------------------------------------------
    ("zh", "scam", "【公安局】您的身份证涉嫌一起洗钱案件，请立即联系办案民警{phone}配合调查，否则将冻结您名下所有账户。"),
    ("zh", "scam", "您好，我是市公安局刑侦支队的警官，您的银行卡被用于非法转账，需要把资金转入安全账户核查。"),
    ("zh", "scam", "尊敬的客户，您的快递在运输中丢失，我们将为您办理三倍理赔，请添加客服QQ并点击{url}填写信息。"),
    ("zh", "scam", "【银行】您的账户存在异常登录，已被临时冻结，请于24小时内登录{url}完成身份验证。"),
    ("zh", "scam", "内部消息：导师带单，稳赚不赔，日收益{amount}元，加微信进群领取USDT投资名额。"),
    ("zh", "scam", "招聘兼职刷单，点赞关注即可赚佣金，每单返利{amount}元，当天结算，详情点击{url}"),
    ("zh", "scam", "无抵押低息贷款，额度最高{amount}万，当天放款，先交{amount}元保证金即可办理。"),
    ("zh", "scam", "我是你领导，明天来我办公室一趟，现在急需转一笔钱给客户，你先帮我垫付{amount}元。"),
    ("zh", "scam", "老同学，我换号了，这是我新号码，最近手头紧能借我{amount}元吗？明天就还你。"),
    ("zh", "scam", "恭喜您被抽中幸运用户，获得奖品iPhone一台，请点击{url}并支付{amount}元手续费领取。"),
    ("zh", "scam", "您的医保卡已被停用，如有疑问请按9转人工客服，办理解冻需验证银行卡信息。"),
    ("zh", "spam", "开云体育官网，注册送{amount}元彩金，真人百家乐、棋牌、电竞天天返水，网址{url}"),
    ("zh", "spam", "双十一大促，全场五折起，会员再享满{amount}减100，回T退订。"),
    ("zh", "spam", "【某某商城】尊敬的会员，您有{amount}积分即将过期，快来兑换好礼，退订回T。"),
    ("zh", "spam", "新楼盘开盘特惠，首付仅需{amount}万，地铁口学区房，详询{phone}。"),
    ("zh", "benign", "【银行】您尾号1234的账户于{date} {time}支出{amount}元，余额请登录手机银行查询。"),
    ("zh", "benign", "您的验证码是{code}，5分钟内有效，请勿泄露给他人。"),
    ("zh", "benign", "您的快递已到达小区驿站，取件码{code}，请于今天{time}前领取。"),
    ("zh", "benign", "妈，我今天加班，晚饭不回来吃了，你们先吃吧。"),
    ("zh", "benign", "明天上午{time}开会，记得带上周的报告，会议室在三楼。"),
    ("zh", "benign", "您本月话费账单{amount}元，将于{date}自动扣款，感谢您的使用。"),
    ("zh", "benign", "{name}，周末一起去爬山吗？天气预报说是晴天。"),
    ("zh", "benign", "提醒：您预约的体检时间为{date} {time}，请空腹前往。"),
    ("zh", "benign", "公安提醒：凡是要求转账到安全账户的都是诈骗，请勿相信，如遇可疑情况拨打110。"),
    # -- Thai -----------------------------------------------------------------------------------
    ("th", "scam", "แจ้งจากตำรวจ: บัญชีของท่านเกี่ยวข้องกับคดีฟอกเงิน มีหมายจับ กรุณาติดต่อ {phone} ด่วน"),
    ("th", "scam", "พัสดุของคุณถูกตีกลับเนื่องจากที่อยู่ไม่ครบ กรุณายืนยันที่อยู่และชำระค่าส่ง {amount} บาท ที่ {url}"),
    ("th", "scam", "ธนาคารแจ้ง: บัญชีของท่านถูกระงับชั่วคราว กรุณายืนยันตัวตนที่ {url} ภายใน 24 ชม."),
    ("th", "scam", "สินเชื่อด่วน อนุมัติไว ไม่เช็คบูโร วงเงิน {amount} บาท ติดต่อไลน์ {url}"),
    ("th", "scam", "รับสมัครงานออนไลน์ กดไลค์รับค่าคอม วันละ {amount} บาท รายได้เสริม ทำที่บ้านได้"),
    ("th", "scam", "ลงทุนหุ้นกับโค้ชมืออาชีพ ผลตอบแทน 30% ต่อเดือน การันตีกำไร สนใจแอดไลน์ {url}"),
    ("th", "scam", "ยินดีด้วย คุณถูกรางวัลจากการจับฉลาก รับเงิน {amount} บาท กดรับที่ {url}"),
    ("th", "scam", "การไฟฟ้าแจ้ง: ค่าไฟของท่านค้างชำระ จะถูกตัดไฟวันนี้ ชำระที่ {url} เพื่อคืนเงินส่วนเกิน"),
    ("th", "scam", "กรมสรรพากรแจ้งคืนภาษี {amount} บาท กรุณาเพิ่มเพื่อนไลน์และกรอกข้อมูลบัญชี"),
    ("th", "spam", "สล็อตเว็บตรง ฝาก-ถอน ออโต้ เครดิตฟรี {amount} บาท สมัครเลย {url}"),
    ("th", "spam", "บาคาร่าออนไลน์ คาสิโนสด แทงบอล โบนัส 100% สมาชิกใหม่ {url}"),
    ("th", "spam", "โปรเด็ด! เน็ตไม่อั้น 30 วัน เพียง {amount} บาท กด *900# โทรออก"),
    ("th", "spam", "ลดล้างสต็อก เสื้อผ้าแฟชั่น ลด 70% วันนี้ถึง {date} เท่านั้น"),
    ("th", "benign", "รหัส OTP ของคุณคือ {code} ใช้ได้ภายใน 5 นาที ห้ามบอกรหัสนี้แก่ผู้อื่น"),
    ("th", "benign", "พัสดุของคุณถูกจัดส่งแล้ว จะถึงภายในวันที่ {date} ขอบคุณที่ใช้บริการ"),
    ("th", "benign", "เงินเข้าบัญชี {amount} บาท วันที่ {date} เวลา {time} คงเหลือดูในแอป"),
    ("th", "benign", "แม่ คืนนี้กลับบ้านดึกนะ ไม่ต้องรอกินข้าว"),
    ("th", "benign", "{name} พรุ่งนี้ประชุมเวลา {time} ที่ห้องประชุมชั้นสองนะครับ"),
    ("th", "benign", "ใบแจ้งค่าโทรศัพท์เดือนนี้ {amount} บาท ครบกำหนดชำระ {date}"),
    ("th", "benign", "นัดหมายพบแพทย์ของท่านวันที่ {date} เวลา {time} กรุณามาก่อนเวลา 15 นาที"),
    ("th", "benign", "เตือนภัย: ตำรวจไม่โทรขอให้โอนเงิน ถ้าสงสัยโทร 1441"),
    # -- Vietnamese -----------------------------------------------------------------------------
    ("vi", "scam", "Công an thông báo: Ông/Bà có liên quan đến đường dây rửa tiền, yêu cầu liên hệ {phone} để phối hợp điều tra."),
    ("vi", "scam", "[NGAN HANG] Tai khoan cua quy khach bi tam khoa do dang nhap bat thuong. Xac thuc ngay tai {url}"),
    ("vi", "scam", "Ngân hàng thông báo tài khoản của quý khách sẽ bị khóa do chưa cập nhật sinh trắc học, truy cập {url} để xác thực."),
    ("vi", "scam", "Bưu kiện của bạn bị giữ tại hải quan, vui lòng nộp phí {amount} VNĐ qua {url} để nhận hàng."),
    ("vi", "scam", "Tuyển cộng tác viên làm việc nhẹ tại nhà, like video nhận hoa hồng {amount}đ/nhiệm vụ, nhắn Zalo {phone}."),
    ("vi", "scam", "Đầu tư sàn ngoại hối, lợi nhuận 20% mỗi tuần, cam kết không lỗ, tham gia nhóm tại {url}"),
    ("vi", "scam", "Hỗ trợ vay tiêu dùng không thế chấp, giải ngân trong 30 phút, chỉ cần CCCD, đóng phí hồ sơ {amount}đ."),
    ("vi", "scam", "Khoản vay của bạn quá hạn, nếu không thanh toán {amount} VNĐ hôm nay chúng tôi sẽ gửi hồ sơ về địa phương."),
    ("vi", "scam", "Chúc mừng bạn trúng thưởng xe máy từ chương trình tri ân, nhận quà tại {url} và đóng phí {amount}đ."),
    ("vi", "scam", "Mẹ đây, mẹ mất điện thoại, đây là số mới, con chuyển gấp cho mẹ {amount} nhé."),
    ("vi", "spam", "Nhà cái uy tín, nạp đầu tặng 100%, nổ hũ, tài xỉu, xổ số, cá cược bóng đá tại {url}"),
    ("vi", "spam", "Khuyến mãi 50% gói cước 4G, soạn MI50 gửi 9123, chỉ {amount}đ/tháng."),
    ("vi", "spam", "Siêu sale cuối tuần, giảm đến 70% toàn bộ cửa hàng, áp dụng đến {date}."),
    ("vi", "benign", "Ma OTP cua quy khach la {code}. Tuyet doi khong cung cap ma nay cho bat ky ai."),
    ("vi", "benign", "TK 1234xxx +{amount}VND luc {time} {date}. So du xem tren ung dung."),
    ("vi", "benign", "Đơn hàng của bạn đã được giao thành công. Cảm ơn bạn đã mua sắm."),
    ("vi", "benign", "Con ơi tối nay về ăn cơm nhé, mẹ nấu canh chua."),
    ("vi", "benign", "{name} ơi mai họp lúc {time} ở phòng 302 nhé."),
    ("vi", "benign", "Hóa đơn tiền điện tháng này là {amount}đ, hạn thanh toán {date}."),
    ("vi", "benign", "Lịch khám của bạn vào {date} lúc {time}, vui lòng đến sớm 15 phút."),
    ("vi", "benign", "Cảnh báo: Công an không làm việc qua điện thoại và không yêu cầu chuyển tiền."),
    # -- Indonesian -----------------------------------------------------------------------------
    ("id", "scam", "Selamat! Nomor anda terpilih sebagai pemenang hadiah {amount} juta. Hubungi {phone} untuk klaim."),
    ("id", "scam", "Ini mama, pulsa mama habis. Tolong kirim pulsa {amount} ke nomor ini dulu ya, nanti mama ganti."),
    ("id", "scam", "Rekening anda diblokir sementara. Verifikasi data anda di {url} agar tidak ditutup permanen."),
    ("id", "scam", "Paket anda tertahan di bea cukai, bayar biaya {amount} melalui {url} agar dikirim."),
    ("id", "scam", "Dana cepat cair tanpa jaminan, pinjaman sampai {amount} juta, cukup KTP, hubungi {phone}."),
    ("id", "scam", "Kerja paruh waktu, like dan follow dapat komisi {amount} per tugas. Gabung di {url}"),
    ("id", "scam", "Investasi kripto dengan keuntungan pasti 10% per hari, dibimbing mentor profesional {url}"),
    ("id", "scam", "Polisi: anda terlibat kasus pencucian uang, segera transfer dana ke rekening aman untuk pemeriksaan."),
    ("id", "spam", "Situs judi online gacor, slot maxwin, togel, deposit pulsa tanpa potongan {url}"),
    ("id", "spam", "Promo kuota 10GB hanya Rp{amount}, aktifkan di *123#. S&K berlaku."),
    ("id", "spam", "Diskon besar akhir bulan sampai 60%, belanja sekarang sebelum {date}."),
    ("id", "benign", "Kode OTP anda {code}. Jangan berikan kode ini kepada siapa pun."),
    ("id", "benign", "Paket anda sudah diterima oleh {name} pada {date} {time}."),
    ("id", "benign", "Transfer Rp{amount} ke rekening anda berhasil pada {date}."),
    ("id", "benign", "Nak, nanti malam pulang jam berapa? Ibu masak rendang."),
    ("id", "benign", "{name}, rapat besok jam {time} di ruang meeting lantai 2 ya."),
    ("id", "benign", "Tagihan listrik bulan ini Rp{amount}, jatuh tempo {date}."),
    ("id", "benign", "Jadwal periksa anda {date} pukul {time}, mohon datang 15 menit lebih awal."),
    # -- Filipino -------------------------------------------------------------------------------
    ("fil", "scam", "Congrats! Nanalo ka ng {amount} pesos sa raffle. I-claim sa {url} bago mag-expire."),
    ("fil", "scam", "Ang iyong GCash account ay na-suspend. I-verify ang iyong account sa {url} para ma-unlock."),
    ("fil", "scam", "Hiring part time, kikita ka ng {amount} pesos kada araw sa pag-like lang ng videos. Message {phone}."),
    ("fil", "scam", "Pautang agad walang collateral, hanggang {amount} pesos, approval sa loob ng 5 minuto."),
    ("fil", "scam", "Ang iyong package ay naka-hold. Magbayad ng {amount} pesos para sa customs fee sa {url}"),
    ("fil", "spam", "Online sabong at casino, libreng {amount} bonus sa bagong miyembro! {url}"),
    ("fil", "spam", "Sale sa lahat ng items hanggang {date}, 50% off sa piling produkto."),
    ("fil", "benign", "Ang iyong OTP ay {code}. Huwag itong ibigay kaninuman."),
    ("fil", "benign", "Anak, uuwi ka ba mamaya? Magluluto ako ng adobo."),
    ("fil", "benign", "{name}, meeting bukas ng {time} sa conference room."),
    ("fil", "benign", "Natanggap mo ang {amount} pesos mula kay {name} noong {date}."),
    # -- English (regional scripts the UK sets lack) -------------------------------------------
    ("en", "scam", "Your account has been suspended due to unusual activity. Verify your identity at {url} within 24 hours."),
    ("en", "scam", "This is the police. Your ID was used in a money laundering case. Call {phone} immediately or an arrest warrant will be issued."),
    ("en", "scam", "Hi, I am a recruiter. Earn {amount} USD per day doing simple tasks, like and follow. Contact me on WhatsApp."),
    ("en", "scam", "Join our crypto investment group, guaranteed 8% daily profit with USDT. Register at {url}"),
    ("en", "scam", "Your parcel could not be delivered. Pay the {amount} redelivery fee at {url}"),
    ("en", "benign", "Your verification code is {code}. Do not share it with anyone."),
    ("en", "benign", "Hi {name}, running 10 minutes late, see you at {time}."),
    ("en", "benign", "Your parcel was delivered on {date}. Thank you for shopping with us."),
    # -- more ordinary notices, brand promotions and debt-collection threats (second pass) ------
    ("vi", "benign", "[VIETTEL] Quy khach da nap thanh cong {amount}d vao thue bao {phone} luc {time} {date}. Tran trong."),
    ("vi", "benign", "Tai khoan ATM cua Quy khach da duoc cap nhat thong tin thanh cong. Moi thac mac lien he tong dai 1900."),
    ("vi", "benign", "EVN thong bao: lich cat dien ngay {date} tu {time} den 16:00 de bao tri luoi dien khu vuc."),
    ("vi", "benign", "Cảm ơn Quý khách đã sử dụng dịch vụ. Đơn hàng {code} sẽ được giao trong 2-3 ngày."),
    ("vi", "benign", "Lich hen tiem chung cua be vao {date} luc {time} tai tram y te phuong."),
    ("vi", "spam", "[SHOPEE] Sieu sale 12.12, giam den 50%, freeship moi don. Mua ngay tren ung dung Shopee."),
    ("vi", "spam", "Vinmart tang Quy khach voucher giam {amount}d cho hoa don tu 300.000d, han dung {date}."),
    ("vi", "spam", "Uu dai thang nay: Dang ky goi cuoc V120 nhan 4GB/ngay, soan V120 gui 191. Chi tiet lien he 198."),
    ("vi", "scam", "Ban dang no {amount} VND tai app vay, neu khong thanh toan truoc {time} hom nay chung toi se gui thong bao den nguoi than va co quan."),
    ("vi", "scam", "Thông báo: hồ sơ vay của bạn quá hạn, nhân viên thu hồi nợ sẽ đến nhà cùng chính quyền địa phương nếu không thanh toán {amount}đ."),
    ("vi", "scam", "Ngan hang Nha nuoc thong bao tai khoan cua ban bi dung giao dich. Truy cap {url} de cap nhat CCCD gan chip."),
    ("vi", "scam", "Ban da trung tuyen vi tri nhan vien online, luong {amount}d/ngay, ket ban Zalo {phone} de nhan viec."),
    ("th", "benign", "AIS: ยอดค่าบริการรอบบิล {date} จำนวน {amount} บาท ชำระได้ที่ myAIS ขอบคุณค่ะ"),
    ("th", "benign", "ธนาคารแจ้ง: โอนเงินออก {amount} บาท เมื่อ {date} {time} หากไม่ได้ทำรายการโทร 02-111-1111"),
    ("th", "benign", "พรุ่งนี้ไฟดับ {time}-15:00 เพื่อปรับปรุงระบบไฟฟ้า ขออภัยในความไม่สะดวก"),
    ("th", "spam", "7-Eleven ลดราคาเครื่องดื่ม ซื้อ 2 ชิ้น ถูกกว่า วันนี้ถึง {date}"),
    ("th", "spam", "ทรูมูฟ เอช โปรพิเศษ เน็ต 15GB {amount} บาท 30 วัน กด *777# โทรออก"),
    ("th", "scam", "คุณมีหนี้ค้างชำระกับแอปกู้เงิน {amount} บาท หากไม่ชำระวันนี้จะแจ้งคนในรายชื่อติดต่อของคุณ"),
    ("th", "scam", "กรมที่ดินแจ้งคืนเงินภาษีที่ดิน กรุณาเพิ่มเพื่อนไลน์ {url} และติดตั้งแอปเพื่อยืนยัน"),
    ("zh", "benign", "【中国移动】尊敬的客户，您本月已使用流量{amount}MB，剩余流量请登录APP查询。"),
    ("zh", "benign", "【12306】您购买的{date}车票已出票，请按时乘车，祝您旅途愉快。"),
    ("zh", "benign", "【国家电网】您户号的电费余额不足{amount}元，请及时缴费，避免影响用电。"),
    ("zh", "spam", "【某银行信用卡】尊敬的客户，您的信用卡可办理分期，手续费限时八折，详询客服，拒收请回复R。"),
    ("zh", "spam", "周年庆大酬宾，全场满{amount}元送好礼，地址：市中心商场一楼，退订回T。"),
    ("zh", "scam", "您好，我是某某贷款平台客服，您的账户因填写错误被冻结，需要缴纳{amount}元解冻金才能放款。"),
    ("zh", "scam", "您好，这里是某音客服，您开通的会员服务即将每月扣费{amount}元，如需取消请配合我们操作银行卡。"),
    ("zh", "scam", "你好，我是你孩子的班主任，学校要交资料费{amount}元，请扫码转账到这个账户。"),
    ("id", "benign", "Telkomsel: Sisa kuota internet Anda {amount}MB berlaku s/d {date}. Cek di MyTelkomsel."),
    ("id", "benign", "PLN: Token listrik Anda {code}-{code} berhasil dibeli senilai Rp{amount}."),
    ("id", "spam", "Indomaret: Promo beli 2 gratis 1 untuk produk pilihan sampai {date}. Yuk belanja!"),
    ("id", "spam", "Dapatkan cashback {amount} untuk pembelian pulsa melalui aplikasi, promo terbatas."),
    ("id", "scam", "Anda memiliki tunggakan pinjaman online Rp{amount}. Jika tidak dibayar hari ini data anda akan disebar ke semua kontak."),
    ("id", "scam", "Akun BCA anda akan dikenakan biaya transfer Rp150.000 per bulan. Jika tidak setuju isi formulir di {url}"),
)  # fmt: skip

_SLOT = re.compile(r"\{(\w+)\}")


def expand(per_template: int = 12, seed: int = 11) -> list[Sample]:
    """The own set: each template filled ``per_template`` times (duplicates dropped)."""
    rng = random.Random(seed)
    samples: dict[str, Sample] = {}
    for lang, label, template in TEMPLATES:
        for _ in range(per_template):
            text = _SLOT.sub(lambda m: rng.choice(SLOTS[m.group(1)]), template)
            samples.setdefault(text, Sample(text, label, SOURCE, lang))
    return list(samples.values())
