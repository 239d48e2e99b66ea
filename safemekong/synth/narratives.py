# ruff: noqa: E501 -- a table of prose: one sentence per line reads better than wrapped strings
"""Short victim narratives per language and typology, written for SafeMekong (no copied text).

A narrative is one story sentence of the report's typology (``{app}`` is the chat platform) and
one sentence about the loss (``{amount}``, ``{currency}``), joined by ``JOINERS[language]``.
"""

from __future__ import annotations

STORIES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "pig-butchering": (
            "A stranger messaged me by mistake on {app}; after weeks of chatting she showed me her profits on a crypto trading platform. I deposited USDT and could not withdraw.",
            "I met a man online who became my boyfriend and taught me to invest on his platform. The balance kept growing until they asked for a tax before any withdrawal.",
        ),
        "investment": (
            "I joined an investment group on {app} where a 'teacher' gave stock and crypto tips and told us to open accounts on a trading app. The app then froze my account.",
            "An advertisement promised 30% monthly returns on gold and forex. After my deposits the website disappeared.",
        ),
        "task-rebate": (
            "I was offered a part-time job liking videos and rating products for commission. The first tasks paid small amounts, then I had to prepay larger orders.",
            "A recruiter on {app} gave me tasks to boost shop orders and said my commission would unlock once all tasks were done, so I kept transferring money.",
        ),
        "authority-impersonation": (
            "A caller said he was a police officer and that my bank account was linked to money laundering, then a 'prosecutor' told me to move my savings to a safe account.",
            "Someone from a courier company said my parcel contained illegal items, then a fake police officer on a video call demanded a deposit to clear my name.",
        ),
        "romance": (
            "I met someone on a dating app who said he worked abroad. After months of chatting he asked for money for a medical emergency and a flight ticket.",
            "My online girlfriend on {app} said she had sent me a gift and I had to pay customs fees; every week there was a new fee.",
        ),
        "loan": (
            "I applied for a quick loan through an app. They asked for an insurance fee and a deposit to release the loan, and the loan never came.",
            "An SMS offered a low-interest loan without documents. I paid the processing fee and then they threatened to send my photos to my contacts.",
        ),
        "sextortion": (
            "A woman on {app} invited me to a video call, recorded it and threatened to send the video to my family unless I paid.",
            "After a video chat I received a recording of myself and a list of my friends, with a demand for money.",
        ),
        "job": (
            "I was offered a well-paid customer service job abroad. When I arrived my passport was taken and I was forced to work in a compound.",
            "A posting for online work from home asked me to pay a training fee and a deposit for a work account.",
        ),
        "illegal-gambling": (
            "Someone in a {app} group recommended an online casino. I won at first, then my account was frozen when I tried to withdraw.",
            "A betting site sent me bonuses by SMS. I deposited many times to unlock my winnings and never received anything.",
        ),
        "other": (
            "I was contacted about a refund for a purchase and asked to install an app; money then disappeared from my account.",
            "Someone pretending to be a friend asked on {app} to borrow money urgently.",
        ),
    },
    "zh": {
        "pig-butchering": (
            "一个陌生人在{app}上加我好友，聊了几个星期后带我在一个数字货币交易平台投资，我充值了USDT后无法提现。",
            "网上认识的“男朋友”教我在他推荐的平台理财，账户余额一直涨，提现时却要求先交税费和保证金。",
        ),
        "investment": (
            "我被拉进{app}投资群，“老师”推荐股票和虚拟币，让我们在交易软件开户，之后我的账户被冻结。",
            "看到广告说黄金外汇平台月收益30%，我多次充值后网站就打不开了。",
        ),
        "task-rebate": (
            "有人招兼职点赞刷单，前几单返了佣金，后面要我垫付更大的订单才能提现。",
            "对方在{app}上派“任务”帮店铺刷单，说要完成连单才能解冻佣金，我不断转账。",
        ),
        "authority-impersonation": (
            "对方自称公安民警，说我的银行卡涉嫌洗钱，又转接“检察官”让我把存款转到安全账户。",
            "自称快递客服的人说我的包裹里有违禁品，随后一个假警察视频通话要求我交保证金配合调查。",
        ),
        "romance": (
            "在交友软件上认识一个自称在国外工作的人，聊了几个月后他说急需医药费和机票钱。",
            "网恋对象在{app}上说给我寄了礼物，要我先付海关清关费，之后每周都有新的费用。",
        ),
        "loan": (
            "我在一个贷款APP申请快速贷款，对方要求先交保险费和解冻金，贷款一直没有到账。",
            "收到短信说无抵押低息贷款，我交了手续费后对方威胁要把我的照片发给通讯录里的人。",
        ),
        "sextortion": (
            "一个女子在{app}上约我视频聊天，录下视频后威胁不给钱就发给我的家人。",
            "视频聊天后对方发来录像和我的好友名单，要求我转账。",
        ),
        "job": (
            "有人介绍去国外做高薪客服，到了以后护照被收走，被强迫在园区里工作。",
            "网上招聘居家工作，要我先交培训费和工作账号押金。",
        ),
        "illegal-gambling": (
            "在{app}群里有人推荐网上赌场，一开始赢了钱，提现时账户被冻结。",
            "博彩网站发短信送彩金，我多次充值想解冻奖金，一分钱都没拿到。",
        ),
        "other": (
            "有人说给我办理退款，让我下载一个APP，之后我账户里的钱被转走了。",
            "有人冒充朋友在{app}上急着找我借钱。",
        ),
    },
    "th": {
        "pig-butchering": (
            "มีคนแปลกหน้าทักมาทาง{app} คุยกันหลายสัปดาห์แล้วชวนลงทุนคริปโตในแพลตฟอร์มเทรด ฝาก USDT แล้วถอนไม่ได้",
            "รู้จักผู้ชายทางออนไลน์ เขาสอนให้ลงทุนในแพลตฟอร์มของเขา ยอดเงินเพิ่มขึ้นเรื่อยๆ แต่พอจะถอนต้องจ่ายภาษีก่อน",
        ),
        "investment": (
            "เข้ากลุ่มลงทุนใน{app} มีอาจารย์แนะนำหุ้นและคริปโต ให้เปิดบัญชีในแอปเทรด สุดท้ายบัญชีถูกระงับ",
            "เห็นโฆษณาลงทุนทองคำและฟอเร็กซ์ได้ผลตอบแทนเดือนละ 30% โอนเงินไปหลายครั้งแล้วเว็บไซต์ก็หายไป",
        ),
        "task-rebate": (
            "มีคนชวนทำงานพาร์ทไทม์กดไลก์และรีวิวสินค้าได้ค่าคอมมิชชัน งานแรกๆ ได้เงินจริง แต่ต่อมาต้องสำรองจ่ายยอดสูงขึ้น",
            "มิจฉาชีพทาง{app}ให้ทำภารกิจปั่นยอดร้านค้า บอกว่าต้องทำครบจึงจะถอนค่าคอมได้ จึงโอนเงินไปเรื่อยๆ",
        ),
        "authority-impersonation": (
            "มีคนโทรมาอ้างเป็นตำรวจ บอกว่าบัญชีของดิฉันเกี่ยวข้องกับการฟอกเงิน แล้วให้โอนเงินไปบัญชีตรวจสอบ",
            "มีคนอ้างเป็นบริษัทขนส่งบอกว่าพัสดุมีของผิดกฎหมาย จากนั้นตำรวจปลอมวิดีโอคอลมาให้โอนเงินประกัน",
        ),
        "romance": (
            "รู้จักกับคนในแอปหาคู่ อ้างว่าทำงานต่างประเทศ คุยกันหลายเดือนแล้วขอยืมเงินค่ารักษาพยาบาลและตั๋วเครื่องบิน",
            "แฟนออนไลน์ทาง{app}บอกว่าส่งของขวัญมาให้ แต่ต้องจ่ายค่าภาษีศุลกากรก่อน และมีค่าใช้จ่ายใหม่ทุกสัปดาห์",
        ),
        "loan": (
            "สมัครสินเชื่อด่วนผ่านแอป ถูกเรียกเก็บค่าประกันและค่าปลดล็อกก่อนอนุมัติ แต่ไม่เคยได้รับเงินกู้",
            "ได้รับ SMS เสนอเงินกู้ดอกเบี้ยต่ำไม่ต้องใช้เอกสาร จ่ายค่าธรรมเนียมไปแล้วถูกขู่ว่าจะส่งรูปให้คนในรายชื่อติดต่อ",
        ),
        "sextortion": (
            "ผู้หญิงใน{app}ชวนวิดีโอคอล แล้วอัดคลิปไว้ ขู่ว่าจะส่งให้ครอบครัวถ้าไม่จ่ายเงิน",
            "หลังจากวิดีโอแชท มีคนส่งคลิปของผมพร้อมรายชื่อเพื่อนมาข่มขู่ให้โอนเงิน",
        ),
        "job": (
            "มีคนชวนไปทำงานแอดมินต่างประเทศรายได้ดี พอไปถึงถูกยึดหนังสือเดินทางและบังคับให้ทำงานในตึก",
            "ประกาศรับสมัครงานออนไลน์ทำที่บ้าน ให้จ่ายค่าอบรมและค่ามัดจำบัญชีทำงานก่อน",
        ),
        "illegal-gambling": (
            "มีคนในกลุ่ม{app}แนะนำเว็บพนันออนไลน์ ตอนแรกได้เงิน พอจะถอนบัญชีกลับถูกล็อก",
            "เว็บพนันส่ง SMS แจกเครดิตฟรี ฝากเงินหลายครั้งเพื่อปลดล็อกยอดถอนแต่ไม่ได้รับเงินเลย",
        ),
        "other": (
            "มีคนติดต่อมาเรื่องคืนเงินค่าสินค้าและให้ติดตั้งแอป หลังจากนั้นเงินในบัญชีหายไป",
            "มีคนแอบอ้างเป็นเพื่อนทาง{app}ขอยืมเงินด่วน",
        ),
    },
    "vi": {
        "pig-butchering": (
            "Một người lạ nhắn tin làm quen qua {app}, sau vài tuần rủ tôi đầu tư tiền điện tử trên một sàn giao dịch. Tôi nạp USDT nhưng không rút được.",
            "Tôi quen một người đàn ông trên mạng, anh ta hướng dẫn tôi đầu tư trên nền tảng của anh ta; số dư tăng liên tục nhưng khi rút tiền thì bị yêu cầu nộp thuế.",
        ),
        "investment": (
            "Tôi được thêm vào nhóm đầu tư trên {app}, 'chuyên gia' hướng dẫn mở tài khoản trên ứng dụng giao dịch, sau đó tài khoản bị khóa.",
            "Quảng cáo hứa lợi nhuận 30% mỗi tháng khi đầu tư vàng và ngoại hối. Sau khi tôi chuyển tiền nhiều lần thì trang web biến mất.",
        ),
        "task-rebate": (
            "Tôi được mời làm cộng tác viên online, thả tim và đánh giá sản phẩm để nhận hoa hồng. Lúc đầu được trả tiền, sau đó phải ứng trước các đơn lớn hơn.",
            "Đối tượng trên {app} giao nhiệm vụ tăng đơn hàng, nói phải hoàn thành hết mới rút được hoa hồng nên tôi tiếp tục chuyển tiền.",
        ),
        "authority-impersonation": (
            "Một người gọi điện tự xưng là công an, nói tài khoản ngân hàng của tôi liên quan đến đường dây rửa tiền và yêu cầu chuyển tiền vào tài khoản tạm giữ.",
            "Người tự xưng nhân viên chuyển phát nói bưu kiện của tôi có hàng cấm, sau đó một công an giả gọi video yêu cầu nộp tiền bảo lãnh.",
        ),
        "romance": (
            "Tôi quen một người trên ứng dụng hẹn hò, tự nhận làm việc ở nước ngoài. Sau vài tháng anh ta xin tiền chữa bệnh và mua vé máy bay.",
            "Người yêu qua mạng trên {app} nói đã gửi quà cho tôi và bắt tôi trả phí hải quan, tuần nào cũng có khoản phí mới.",
        ),
        "loan": (
            "Tôi vay tiền qua một ứng dụng vay nhanh, họ yêu cầu đóng phí bảo hiểm và phí giải ngân nhưng không bao giờ giải ngân.",
            "Tin nhắn SMS mời vay lãi suất thấp không cần giấy tờ. Tôi đóng phí hồ sơ rồi bị đe dọa gửi ảnh cho danh bạ.",
        ),
        "sextortion": (
            "Một cô gái trên {app} rủ gọi video, ghi lại rồi đe dọa gửi cho gia đình tôi nếu không trả tiền.",
            "Sau cuộc gọi video, tôi nhận được đoạn ghi hình của mình kèm danh sách bạn bè và bị đòi tiền.",
        ),
        "job": (
            "Tôi được mời sang nước ngoài làm chăm sóc khách hàng lương cao. Khi đến nơi bị thu hộ chiếu và bị ép làm việc trong khu tổ hợp.",
            "Tin tuyển dụng việc làm online tại nhà yêu cầu tôi nộp phí đào tạo và tiền cọc tài khoản.",
        ),
        "illegal-gambling": (
            "Có người trong nhóm {app} giới thiệu sòng bạc trực tuyến. Lúc đầu tôi thắng, khi rút tiền thì tài khoản bị khóa.",
            "Trang cá cược gửi SMS tặng tiền thưởng. Tôi nạp nhiều lần để mở khóa tiền thắng nhưng không nhận được gì.",
        ),
        "other": (
            "Có người liên hệ hoàn tiền đơn hàng và bảo tôi cài một ứng dụng, sau đó tiền trong tài khoản bị mất.",
            "Có người giả danh bạn bè trên {app} hỏi vay tiền gấp.",
        ),
    },
    "id": {
        "pig-butchering": (
            "Orang asing menghubungi saya lewat {app}, setelah beberapa minggu mengobrol ia mengajak investasi kripto di platform trading. Saya deposit USDT tetapi tidak bisa ditarik.",
            "Saya kenal seorang pria di internet yang mengajari saya berinvestasi di platformnya. Saldo terus naik, tetapi saat penarikan saya diminta membayar pajak dulu.",
        ),
        "investment": (
            "Saya masuk grup investasi di {app}; seorang mentor memberi sinyal saham dan kripto dan menyuruh membuka akun di aplikasi trading. Akun saya lalu dibekukan.",
            "Iklan menjanjikan keuntungan 30% per bulan dari investasi emas dan forex. Setelah beberapa kali transfer, situsnya hilang.",
        ),
        "task-rebate": (
            "Saya ditawari kerja paruh waktu menyukai video dan memberi ulasan produk dengan komisi. Awalnya dibayar, lalu saya harus menalangi pesanan yang lebih besar.",
            "Pelaku di {app} memberi tugas menaikkan pesanan toko dan bilang komisi baru bisa ditarik setelah semua tugas selesai, jadi saya terus transfer.",
        ),
        "authority-impersonation": (
            "Seseorang menelepon mengaku polisi dan mengatakan rekening saya terkait pencucian uang, lalu meminta saya memindahkan tabungan ke rekening aman.",
            "Orang yang mengaku dari jasa kurir bilang paket saya berisi barang terlarang, kemudian polisi palsu melakukan panggilan video dan meminta uang jaminan.",
        ),
        "romance": (
            "Saya berkenalan dengan seseorang di aplikasi kencan yang mengaku bekerja di luar negeri. Setelah berbulan-bulan ia meminta uang untuk biaya rumah sakit dan tiket pesawat.",
            "Pacar online saya di {app} bilang mengirim hadiah dan saya harus membayar bea cukai; setiap minggu ada biaya baru.",
        ),
        "loan": (
            "Saya mengajukan pinjaman online lewat aplikasi. Saya diminta membayar biaya asuransi dan biaya pencairan, tetapi dananya tidak pernah cair.",
            "SMS menawarkan pinjaman bunga rendah tanpa dokumen. Setelah membayar biaya administrasi, saya diancam foto saya akan disebar ke kontak.",
        ),
        "sextortion": (
            "Seorang wanita di {app} mengajak video call, merekamnya, lalu mengancam akan mengirim video itu ke keluarga saya jika tidak membayar.",
            "Setelah video call saya menerima rekaman diri saya dan daftar teman saya, disertai permintaan uang.",
        ),
        "job": (
            "Saya ditawari kerja customer service di luar negeri dengan gaji tinggi. Setibanya di sana paspor saya diambil dan saya dipaksa bekerja di sebuah kompleks.",
            "Lowongan kerja online dari rumah meminta saya membayar biaya pelatihan dan deposit akun kerja.",
        ),
        "illegal-gambling": (
            "Seseorang di grup {app} merekomendasikan kasino online. Awalnya saya menang, tetapi akun dibekukan saat saya ingin menarik dana.",
            "Situs judi mengirim SMS berisi bonus. Saya deposit berkali-kali untuk membuka kemenangan dan tidak menerima apa pun.",
        ),
        "other": (
            "Saya dihubungi soal pengembalian dana pembelian dan diminta memasang aplikasi, lalu uang di rekening saya hilang.",
            "Seseorang yang menyamar sebagai teman meminjam uang secara mendesak lewat {app}.",
        ),
    },
    "ms": {
        "pig-butchering": (
            "Seorang yang tidak dikenali menghantar mesej melalui {app}. Selepas beberapa minggu berbual, dia mengajak saya melabur kripto di platform dagangan. Saya deposit USDT tetapi tidak dapat mengeluarkannya.",
            "Saya berkenalan dengan seorang lelaki dalam talian yang mengajar saya melabur di platformnya. Baki terus meningkat tetapi saya perlu membayar cukai sebelum pengeluaran.",
        ),
        "investment": (
            "Saya dimasukkan ke dalam kumpulan pelaburan di {app}; seorang guru memberi tip saham dan kripto dan menyuruh kami membuka akaun di aplikasi dagangan. Akaun saya kemudian dibekukan.",
            "Iklan menjanjikan pulangan 30% sebulan untuk pelaburan emas dan forex. Selepas beberapa kali pemindahan, laman web itu hilang.",
        ),
        "task-rebate": (
            "Saya ditawarkan kerja sambilan menekan suka pada video dan menilai produk untuk komisen. Mula-mula saya dibayar, kemudian perlu mendahulukan pesanan yang lebih besar.",
            "Suspek di {app} memberi tugasan untuk menaikkan pesanan kedai dan kata komisen hanya boleh dikeluarkan selepas semua tugasan selesai.",
        ),
        "authority-impersonation": (
            "Seorang pemanggil mengaku pegawai polis dan berkata akaun bank saya terlibat dalam pengubahan wang haram, lalu menyuruh saya memindahkan simpanan ke akaun selamat.",
            "Orang yang mengaku dari syarikat kurier berkata bungkusan saya mengandungi barang larangan, kemudian polis palsu membuat panggilan video dan meminta wang jaminan.",
        ),
        "romance": (
            "Saya berkenalan dengan seseorang di aplikasi temu janji yang mengaku bekerja di luar negara. Selepas beberapa bulan dia meminta wang untuk kos perubatan dan tiket penerbangan.",
            "Kekasih dalam talian saya di {app} kata dia menghantar hadiah dan saya perlu membayar duti kastam; setiap minggu ada caj baharu.",
        ),
        "loan": (
            "Saya memohon pinjaman segera melalui aplikasi. Mereka meminta bayaran insurans dan yuran pengeluaran tetapi pinjaman tidak pernah diterima.",
            "SMS menawarkan pinjaman faedah rendah tanpa dokumen. Selepas membayar yuran pemprosesan, saya diugut gambar saya akan dihantar kepada kenalan.",
        ),
        "sextortion": (
            "Seorang wanita di {app} mengajak panggilan video, merakamnya dan mengugut untuk menghantar video itu kepada keluarga saya jika saya tidak membayar.",
            "Selepas sembang video, saya menerima rakaman diri saya bersama senarai rakan saya dan tuntutan wang.",
        ),
        "job": (
            "Saya ditawarkan kerja khidmat pelanggan bergaji tinggi di luar negara. Apabila tiba, pasport saya dirampas dan saya dipaksa bekerja di dalam sebuah kompleks.",
            "Iklan kerja dari rumah secara dalam talian meminta saya membayar yuran latihan dan deposit akaun kerja.",
        ),
        "illegal-gambling": (
            "Seseorang dalam kumpulan {app} mencadangkan kasino dalam talian. Mula-mula saya menang, kemudian akaun dibekukan semasa saya cuba mengeluarkan wang.",
            "Laman judi menghantar SMS bonus percuma. Saya deposit berkali-kali untuk membuka kemenangan tetapi tidak menerima apa-apa.",
        ),
        "other": (
            "Saya dihubungi tentang bayaran balik pembelian dan diminta memasang aplikasi, kemudian wang dalam akaun saya hilang.",
            "Seseorang menyamar sebagai kawan meminjam wang dengan segera melalui {app}.",
        ),
    },
    "fil": {
        "pig-butchering": (
            "May estrangherong nag-message sa akin sa {app}. Ilang linggo kaming nag-usap bago niya ako inalok mag-invest sa isang crypto trading platform. Nag-deposit ako ng USDT pero hindi ko na ma-withdraw.",
            "Nakilala ko online ang isang lalaki na nagturo sa akin mag-invest sa platform niya. Lumalaki ang balanse ko pero pinagbayad ako ng tax bago makapag-withdraw.",
        ),
        "investment": (
            "Sinali ako sa isang investment group sa {app}; may mentor na nagbigay ng tips sa stocks at crypto at pinagbukas kami ng account sa isang trading app. Na-freeze ang account ko.",
            "May ad na nangakong 30% na tubo kada buwan sa gold at forex. Pagkatapos kong magpadala ng pera nang ilang beses, nawala na ang website.",
        ),
        "task-rebate": (
            "Inalok ako ng part-time na trabaho: mag-like ng videos at mag-review ng produkto kapalit ng komisyon. Sa una nabayaran ako, pero kinailangan kong mag-abono sa mas malalaking order.",
            "Binigyan ako ng tasks sa {app} para pataasin ang orders ng isang shop. Sabi nila makukuha ko lang ang komisyon kapag natapos lahat kaya patuloy akong nagpadala ng pera.",
        ),
        "authority-impersonation": (
            "May tumawag na nagpakilalang pulis at sinabing sangkot ang bank account ko sa money laundering. Pinalipat niya ang ipon ko sa isang safe account.",
            "May nagpakilalang taga-courier at sinabing may ilegal na laman ang parcel ko, tapos may pekeng pulis na nag-video call at humingi ng pera para sa clearance.",
        ),
        "romance": (
            "May nakilala ako sa dating app na nagsabing nagtatrabaho siya abroad. Pagkalipas ng ilang buwan, humingi siya ng pera para sa ospital at pamasahe.",
            "Sabi ng online girlfriend ko sa {app} may pinadala siyang regalo at kailangan kong magbayad ng customs fee; linggo-linggo may bagong bayarin.",
        ),
        "loan": (
            "Nag-apply ako ng mabilisang loan sa isang app. Pinagbayad ako ng insurance at release fee pero hindi dumating ang loan.",
            "May SMS na nag-alok ng loan na mababa ang interes at walang requirements. Nagbayad ako ng processing fee tapos tinakot nila akong ipapadala ang mga litrato ko sa contacts ko.",
        ),
        "sextortion": (
            "Inaya ako ng isang babae sa {app} na mag-video call, ni-record niya ito at nagbantang ipapadala sa pamilya ko kung hindi ako magbabayad.",
            "Pagkatapos ng video chat, pinadalhan ako ng recording ko at listahan ng mga kaibigan ko, at hiningan ako ng pera.",
        ),
        "job": (
            "Inalok ako ng trabaho bilang customer service sa ibang bansa na malaki ang sahod. Pagdating ko, kinuha ang passport ko at pinilit akong magtrabaho sa isang compound.",
            "Isang online na work-from-home na trabaho ang humingi ng training fee at deposit para sa work account.",
        ),
        "illegal-gambling": (
            "May nagrekomenda ng online casino sa isang {app} group. Nanalo ako sa una pero na-freeze ang account ko nang mag-withdraw ako.",
            "Nagpadala ng SMS ang isang betting site na may libreng bonus. Ilang beses akong nag-deposit para ma-unlock ang panalo pero wala akong natanggap.",
        ),
        "other": (
            "May kumontak sa akin tungkol sa refund at pinag-install ako ng app; pagkatapos noon nawala ang pera sa account ko.",
            "May nagpanggap na kaibigan ko sa {app} at nangutang ng pera nang madalian.",
        ),
    },
    "km": {
        "pig-butchering": (
            "មានមនុស្សមិនស្គាល់ផ្ញើសារមកខ្ញុំតាម {app} ហើយបបួលខ្ញុំវិនិយោគគ្រីបតូលើវេទិកាជួញដូរ។ ខ្ញុំដាក់ USDT ហើយដកមិនបាន។",
            "ខ្ញុំស្គាល់បុរសម្នាក់តាមអនឡាញ គាត់បង្រៀនខ្ញុំវិនិយោគលើវេទិការបស់គាត់ ប៉ុន្តែពេលដកប្រាក់ត្រូវបង់ពន្ធជាមុន។",
        ),
        "investment": (
            "ខ្ញុំត្រូវបានបញ្ចូលក្នុងក្រុមវិនិយោគលើ {app} ហើយគេឱ្យបើកគណនីលើកម្មវិធីជួញដូរ។ បន្ទាប់មកគណនីខ្ញុំត្រូវបានបង្កក។",
            "ការផ្សាយពាណិជ្ជកម្មសន្យាប្រាក់ចំណេញ 30% ក្នុងមួយខែពីការវិនិយោគមាស។ បន្ទាប់ពីខ្ញុំផ្ទេរប្រាក់ គេហទំព័របាត់។",
        ),
        "task-rebate": (
            "គេផ្តល់ការងារក្រៅម៉ោងឱ្យចុចចូលចិត្តវីដេអូដើម្បីទទួលកម្រៃជើងសារ។ ដំបូងបានប្រាក់ បន្ទាប់មកត្រូវបង់ប្រាក់មុនសម្រាប់ការបញ្ជាទិញធំៗ។",
            "ជនសង្ស័យលើ {app} ឱ្យខ្ញុំធ្វើបេសកកម្ម ហើយនិយាយថាត្រូវបញ្ចប់ទាំងអស់ទើបដកកម្រៃបាន។",
        ),
        "authority-impersonation": (
            "មានអ្នកទូរស័ព្ទមកអះអាងថាជាប៉ូលីស ហើយនិយាយថាគណនីធនាគាររបស់ខ្ញុំពាក់ព័ន្ធនឹងការលាងលុយ រួចឱ្យខ្ញុំផ្ទេរប្រាក់ទៅគណនីសុវត្ថិភាព។",
            "មានអ្នកអះអាងថាមកពីក្រុមហ៊ុនដឹកជញ្ជូន និយាយថាកញ្ចប់របស់ខ្ញុំមានរបស់ខុសច្បាប់ ហើយប៉ូលីសក្លែងក្លាយទាមទារប្រាក់ធានា។",
        ),
        "romance": (
            "ខ្ញុំស្គាល់មនុស្សម្នាក់តាមកម្មវិធីណាត់ជួប។ ក្រោយពីជជែកច្រើនខែ គាត់សុំប្រាក់សម្រាប់ថ្លៃព្យាបាល និងសំបុត្រយន្តហោះ។",
            "សង្សារអនឡាញលើ {app} និយាយថាបានផ្ញើកាដូមក ហើយឱ្យខ្ញុំបង់ថ្លៃគយ។",
        ),
        "loan": (
            "ខ្ញុំស្នើសុំកម្ចីរហ័សតាមកម្មវិធី។ គេឱ្យបង់ថ្លៃធានារ៉ាប់រងជាមុន ប៉ុន្តែមិនដែលទទួលបានប្រាក់កម្ចីទេ។",
            "សារ SMS ផ្តល់កម្ចីការប្រាក់ទាប។ ក្រោយបង់ថ្លៃសេវា គេគំរាមផ្ញើរូបថតខ្ញុំទៅអ្នកទំនាក់ទំនង។",
        ),
        "sextortion": (
            "ស្ត្រីម្នាក់លើ {app} បបួលហៅវីដេអូ ហើយថតទុក រួចគំរាមផ្ញើទៅគ្រួសារខ្ញុំបើមិនបង់ប្រាក់។",
            "ក្រោយការជជែកវីដេអូ ខ្ញុំទទួលបានវីដេអូរបស់ខ្ញុំ និងការទាមទារប្រាក់។",
        ),
        "job": (
            "គេបបួលខ្ញុំទៅធ្វើការបម្រើអតិថិជនប្រាក់ខែខ្ពស់។ ពេលទៅដល់ គេយកលិខិតឆ្លងដែន ហើយបង្ខំឱ្យធ្វើការក្នុងបរិវេណ។",
            "ការផ្សាយការងារអនឡាញធ្វើនៅផ្ទះ ឱ្យខ្ញុំបង់ថ្លៃបណ្តុះបណ្តាល និងប្រាក់កក់។",
        ),
        "illegal-gambling": (
            "មានអ្នកក្នុងក្រុម {app} ណែនាំកាស៊ីណូអនឡាញ។ ដំបូងខ្ញុំឈ្នះ ប៉ុន្តែពេលដកប្រាក់ គណនីត្រូវបានបង្កក។",
            "គេហទំព័រភ្នាល់ផ្ញើ SMS ផ្តល់ប្រាក់រង្វាន់។ ខ្ញុំដាក់ប្រាក់ច្រើនដង ប៉ុន្តែមិនបានទទួលអ្វីទេ។",
        ),
        "other": (
            "មានអ្នកទាក់ទងមកអំពីការសងប្រាក់វិញ ហើយឱ្យដំឡើងកម្មវិធី បន្ទាប់មកប្រាក់ក្នុងគណនីខ្ញុំបាត់។",
            "មានអ្នកក្លែងខ្លួនជាមិត្តភក្តិលើ {app} ខ្ចីប្រាក់បន្ទាន់។",
        ),
    },
    "my": {
        "pig-butchering": (
            "မသိသူတစ်ဦးက {app} မှ စာပို့ပြီး crypto ရင်းနှီးမြှုပ်နှံရန် ဖိတ်ခေါ်သည်။ USDT ထည့်ပြီးနောက် ငွေပြန်ထုတ်၍ မရပါ။",
            "အွန်လိုင်းတွင် သိကျွမ်းသူက သူ၏ platform တွင် ရင်းနှီးရန် သင်ပေးသည်။ ငွေထုတ်ချိန်တွင် အခွန်ကြိုပေးရန် တောင်းဆိုသည်။",
        ),
        "investment": (
            "{app} ရှိ ရင်းနှီးမြှုပ်နှံမှုအုပ်စုသို့ ထည့်သွင်းခံရပြီး trading app တွင် အကောင့်ဖွင့်ခိုင်းသည်။ နောက်ပိုင်း အကောင့်ကို ပိတ်ထားသည်။",
            "ရွှေနှင့် forex တွင် လစဉ် 30% အမြတ်ရမည်ဟု ကြော်ငြာသည်။ ငွေလွှဲပြီးနောက် ဝက်ဘ်ဆိုက် ပျောက်သွားသည်။",
        ),
        "task-rebate": (
            "ဗီဒီယိုများကို like လုပ်ပြီး ကော်မရှင်ရမည့် အချိန်ပိုင်းအလုပ် ပေးသည်။ ပထမ ငွေရသော်လည်း နောက်ပိုင်း ငွေပိုများများ ကြိုပေးရသည်။",
            "{app} မှ တာဝန်များ ပေးပြီး အားလုံးပြီးမှ ကော်မရှင်ထုတ်နိုင်မည်ဟု ဆိုသည်။",
        ),
        "authority-impersonation": (
            "ရဲအရာရှိဟု ဆိုသူက ဖုန်းဆက်ပြီး ကျွန်ုပ်၏ ဘဏ်အကောင့်သည် ငွေကြေးခဝါချမှုနှင့် ပတ်သက်သည်ဟု ဆိုကာ ငွေလွှဲခိုင်းသည်။",
            "ပို့ဆောင်ရေးကုမ္ပဏီမှဟု ဆိုသူက ပါဆယ်ထဲတွင် တရားမဝင်ပစ္စည်းရှိသည်ဟု ပြောပြီး အတုရဲက အာမခံငွေ တောင်းသည်။",
        ),
        "romance": (
            "ချိန်းတွေ့ app တွင် နိုင်ငံခြားတွင် အလုပ်လုပ်သည်ဟု ဆိုသူနှင့် သိကျွမ်းခဲ့သည်။ လအတော်ကြာပြီးနောက် ဆေးကုသစရိတ်နှင့် လေယာဉ်လက်မှတ်ခ တောင်းသည်။",
            "{app} မှ အွန်လိုင်းချစ်သူက လက်ဆောင်ပို့ထားသည်ဟု ဆိုပြီး အကောက်ခွန် ပေးခိုင်းသည်။",
        ),
        "loan": (
            "app မှတစ်ဆင့် အမြန်ချေးငွေ လျှောက်ခဲ့သည်။ အာမခံကြေး ကြိုပေးခိုင်းသော်လည်း ချေးငွေ မရခဲ့ပါ။",
            "အတိုးနည်းချေးငွေ SMS ရရှိသည်။ ဝန်ဆောင်ခ ပေးပြီးနောက် ဓာတ်ပုံများကို အဆက်အသွယ်များထံ ပို့မည်ဟု ခြိမ်းခြောက်သည်။",
        ),
        "sextortion": (
            "{app} ရှိ အမျိုးသမီးတစ်ဦးက ဗီဒီယိုကော ခေါ်ပြီး မှတ်တမ်းတင်ကာ ငွေမပေးလျှင် မိသားစုထံ ပို့မည်ဟု ခြိမ်းခြောက်သည်။",
            "ဗီဒီယိုချက်ပြီးနောက် ကျွန်ုပ်၏ ဗီဒီယိုနှင့်အတူ ငွေတောင်းခံမှု ရရှိသည်။",
        ),
        "job": (
            "နိုင်ငံခြားတွင် လစာကောင်းသော customer service အလုပ် ပေးမည်ဟု ဆိုသည်။ ရောက်သောအခါ နိုင်ငံကူးလက်မှတ် သိမ်းပြီး ခြံဝင်းထဲတွင် အတင်းအလုပ်ခိုင်းသည်။",
            "အိမ်မှ အွန်လိုင်းအလုပ် ကြော်ငြာက သင်တန်းကြေးနှင့် စပေါ်ငွေ ပေးခိုင်းသည်။",
        ),
        "illegal-gambling": (
            "{app} အုပ်စုထဲမှ တစ်ဦးက အွန်လိုင်းကာစီနို ညွှန်းသည်။ ပထမ နိုင်သော်လည်း ငွေထုတ်ချိန်တွင် အကောင့် ပိတ်ခံရသည်။",
            "လောင်းကစားဆိုက်က ဘောနပ်စ် SMS ပို့သည်။ အကြိမ်ကြိမ် ငွေထည့်သော်လည်း ဘာမျှ မရခဲ့ပါ။",
        ),
        "other": (
            "ငွေပြန်အမ်းမည်ဟု ဆက်သွယ်ပြီး app တစ်ခု ထည့်သွင်းခိုင်းသည်။ ထို့နောက် အကောင့်ထဲမှ ငွေများ ပျောက်သွားသည်။",
            "သူငယ်ချင်းအယောင်ဆောင်သူက {app} မှ ငွေအမြန်ချေးရန် တောင်းသည်။",
        ),
    },
    "lo": {
        "pig-butchering": (
            "ມີຄົນແປກໜ້າສົ່ງຂໍ້ຄວາມມາທາງ {app} ແລ້ວຊວນລົງທຶນຄຣິບໂຕໃນແພລດຟອມເທຣດ. ຂ້ອຍຝາກ USDT ແລ້ວຖອນບໍ່ໄດ້.",
            "ຮູ້ຈັກຜູ້ຊາຍຄົນໜຶ່ງທາງອອນລາຍ ລາວສອນໃຫ້ລົງທຶນໃນແພລດຟອມຂອງລາວ ແຕ່ເວລາຖອນເງິນຕ້ອງຈ່າຍພາສີກ່ອນ.",
        ),
        "investment": (
            "ຖືກເພີ່ມເຂົ້າກຸ່ມລົງທຶນໃນ {app} ແລະ ໃຫ້ເປີດບັນຊີໃນແອັບເທຣດ. ຫຼັງຈາກນັ້ນບັນຊີຂອງຂ້ອຍຖືກລັອກ.",
            "ໂຄສະນາສັນຍາວ່າຈະໄດ້ກຳໄລ 30% ຕໍ່ເດືອນຈາກການລົງທຶນຄຳ. ຫຼັງຈາກໂອນເງິນ ເວັບໄຊກໍຫາຍໄປ.",
        ),
        "task-rebate": (
            "ມີຄົນຊວນເຮັດວຽກນອກເວລາກົດໄລກ໌ວິດີໂອເພື່ອຮັບຄ່າຄອມ. ທຳອິດໄດ້ເງິນແທ້ ແຕ່ຕໍ່ມາຕ້ອງສຳຮອງຈ່າຍຫຼາຍຂຶ້ນ.",
            "ຜູ້ຕ້ອງສົງໄສທາງ {app} ໃຫ້ເຮັດພາລະກິດ ແລະ ບອກວ່າຕ້ອງເຮັດໃຫ້ຄົບກ່ອນຈຶ່ງຖອນຄ່າຄອມໄດ້.",
        ),
        "authority-impersonation": (
            "ມີຄົນໂທມາອ້າງວ່າເປັນຕຳຫຼວດ ບອກວ່າບັນຊີທະນາຄານຂອງຂ້ອຍກ່ຽວຂ້ອງກັບການຟອກເງິນ ແລ້ວໃຫ້ໂອນເງິນໄປບັນຊີກວດສອບ.",
            "ມີຄົນອ້າງວ່າມາຈາກບໍລິສັດຂົນສົ່ງ ບອກວ່າພັດສະດຸມີຂອງຜິດກົດໝາຍ ແລ້ວຕຳຫຼວດປອມໃຫ້ໂອນເງິນປະກັນ.",
        ),
        "romance": (
            "ຮູ້ຈັກຄົນໃນແອັບຫາຄູ່ ອ້າງວ່າເຮັດວຽກຢູ່ຕ່າງປະເທດ. ລົມກັນຫຼາຍເດືອນແລ້ວຂໍຢືມເງິນຄ່າປິ່ນປົວ ແລະ ຄ່າປີ້ຍົນ.",
            "ແຟນອອນລາຍທາງ {app} ບອກວ່າສົ່ງຂອງຂວັນມາ ແຕ່ຕ້ອງຈ່າຍຄ່າພາສີກ່ອນ.",
        ),
        "loan": (
            "ສະໝັກເງິນກູ້ດ່ວນຜ່ານແອັບ. ຖືກໃຫ້ຈ່າຍຄ່າປະກັນກ່ອນ ແຕ່ບໍ່ເຄີຍໄດ້ຮັບເງິນກູ້.",
            "ໄດ້ຮັບ SMS ສະເໜີເງິນກູ້ດອກເບ້ຍຕ່ຳ. ຈ່າຍຄ່າທຳນຽມແລ້ວຖືກຂູ່ວ່າຈະສົ່ງຮູບໃຫ້ຄົນໃນລາຍຊື່ຕິດຕໍ່.",
        ),
        "sextortion": (
            "ຜູ້ຍິງຄົນໜຶ່ງໃນ {app} ຊວນວິດີໂອຄອລ ແລ້ວບັນທຶກໄວ້ ຂູ່ວ່າຈະສົ່ງໃຫ້ຄອບຄົວຖ້າບໍ່ຈ່າຍເງິນ.",
            "ຫຼັງຈາກວິດີໂອແຊັດ ມີຄົນສົ່ງຄລິບຂອງຂ້ອຍມາຂູ່ໃຫ້ໂອນເງິນ.",
        ),
        "job": (
            "ມີຄົນຊວນໄປເຮັດວຽກບໍລິການລູກຄ້າຕ່າງປະເທດເງິນເດືອນສູງ. ເມື່ອໄປຮອດຖືກຍຶດໜັງສືຜ່ານແດນ ແລະ ຖືກບັງຄັບໃຫ້ເຮັດວຽກ.",
            "ປະກາດຮັບສະໝັກວຽກອອນລາຍເຮັດຢູ່ເຮືອນ ໃຫ້ຈ່າຍຄ່າຝຶກອົບຮົມ ແລະ ເງິນມັດຈຳກ່ອນ.",
        ),
        "illegal-gambling": (
            "ມີຄົນໃນກຸ່ມ {app} ແນະນຳເວັບຄາສິໂນອອນລາຍ. ທຳອິດໄດ້ເງິນ ແຕ່ເວລາຖອນບັນຊີຖືກລັອກ.",
            "ເວັບພະນັນສົ່ງ SMS ແຈກເຄຣດິດຟຣີ. ຝາກເງິນຫຼາຍຄັ້ງແຕ່ບໍ່ໄດ້ຮັບຫຍັງເລີຍ.",
        ),
        "other": (
            "ມີຄົນຕິດຕໍ່ມາເລື່ອງຄືນເງິນ ແລະ ໃຫ້ຕິດຕັ້ງແອັບ. ຫຼັງຈາກນັ້ນເງິນໃນບັນຊີຫາຍໄປ.",
            "ມີຄົນປອມເປັນໝູ່ທາງ {app} ຂໍຢືມເງິນດ່ວນ.",
        ),
    },
}

#: The loss sentence; ``NO_LOSS`` when the victim paid nothing.
LOSSES: dict[str, tuple[str, ...]] = {
    "en": (
        "I lost {amount} {currency} in total.",
        "Total transferred: {amount} {currency}.",
        "My loss is about {amount} {currency}.",
    ),
    "zh": (
        "共计损失{amount}{currency}。",
        "累计转账{amount} {currency}。",
        "损失约{amount} {currency}。",
    ),
    "th": (
        "สูญเสียเงินรวม {amount} {currency}",
        "โอนไปทั้งหมด {amount} {currency}",
        "เสียหายประมาณ {amount} {currency}",
    ),
    "vi": (
        "Tổng thiệt hại {amount} {currency}.",
        "Đã chuyển tổng cộng {amount} {currency}.",
        "Số tiền mất khoảng {amount} {currency}.",
    ),
    "id": (
        "Total kerugian {amount} {currency}.",
        "Jumlah yang ditransfer {amount} {currency}.",
        "Kerugian sekitar {amount} {currency}.",
    ),
    "ms": (
        "Jumlah kerugian {amount} {currency}.",
        "Jumlah yang dipindahkan {amount} {currency}.",
        "Kerugian kira-kira {amount} {currency}.",
    ),
    "fil": (
        "Kabuuang nawala: {amount} {currency}.",
        "Naipadala ko lahat-lahat ang {amount} {currency}.",
        "Humigit-kumulang {amount} {currency} ang nawala sa akin.",
    ),
    "km": ("ខាតបង់សរុប {amount} {currency}។", "បានផ្ទេរសរុប {amount} {currency}។"),
    "my": ("စုစုပေါင်း ဆုံးရှုံးငွေ {amount} {currency}။", "လွှဲပြောင်းခဲ့သည့် ငွေ {amount} {currency}။"),
    "lo": ("ເສຍຫາຍທັງໝົດ {amount} {currency}.", "ໂອນໄປທັງໝົດ {amount} {currency}."),
}
NO_LOSS: dict[str, tuple[str, ...]] = {
    "en": ("I did not transfer any money.", "I stopped before paying."),
    "zh": ("我没有转账。", "我在付款前发现是骗局。"),
    "th": ("ยังไม่ได้โอนเงิน", "รู้ตัวก่อนโอนเงิน"),
    "vi": ("Tôi chưa chuyển tiền.", "Tôi phát hiện trước khi chuyển tiền."),
    "id": ("Saya belum mentransfer uang.", "Saya sadar sebelum membayar."),
    "ms": ("Saya belum memindahkan wang.", "Saya sedar sebelum membuat bayaran."),
    "fil": ("Hindi pa ako nagpadala ng pera.", "Napansin ko bago ako magbayad."),
    "km": ("ខ្ញុំមិនទាន់បានផ្ទេរប្រាក់ទេ។",),
    "my": ("ငွေမလွှဲရသေးပါ။",),
    "lo": ("ຍັງບໍ່ໄດ້ໂອນເງິນ.",),
}
#: What joins the story and the loss sentence.
JOINERS: dict[str, str] = {"zh": ""}
#: The chat app a story names when the report names no handle.
DEFAULT_APPS: dict[str, str] = {
    "en": "WhatsApp",
    "zh": "微信",
    "th": "LINE",
    "vi": "Zalo",
    "id": "WhatsApp",
    "ms": "WhatsApp",
    "fil": "Facebook",
    "km": "Telegram",
    "my": "Facebook",
    "lo": "WhatsApp",
}
#: Platform names as a story in a language writes them (default: the platform's own name).
APP_NAMES: dict[tuple[str, str], str] = {("zh", "wechat"): "微信"}
