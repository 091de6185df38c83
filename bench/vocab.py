"""Parallel English / Simplified Chinese / Russian vocabularies for the benchmark termbase generator.

Every entry is kept in parallel across the three languages so that a composed name reads as a
plausible official title in each one. Russian forms are given in the case the template needs
(nominative heads, dative after «по», genitive and prepositional for state names), so composed
Russian terms are grammatical and in the nominative as a termbase entry should be.
"""

from __future__ import annotations


def adj(m: str) -> tuple[str, str, str]:
    """Russian adjective forms (masculine, feminine, neuter) from the masculine nominative."""
    if not m.endswith(("ый", "ий", "ой")):
        raise ValueError(m)
    stem = m[:-2]
    if m.endswith("ий") and stem[-1] not in "кгхжшчщ":  # soft stem: синий → синяя, синее
        return m, stem + "яя", stem + "ее"
    return m, stem + "ая", stem + ("ее" if stem[-1] in "жшчщ" and m.endswith("ий") else "ое")


GENDER = {"m": 0, "f": 1, "n": 2}

# ---- states: (key, en short, en full, zh short, zh full, ru short, ru full nom, ru full gen, ru full loc)
STATES = [
    ("cn", "China", "the People's Republic of China", "中国", "中华人民共和国", "Китай",
     "Китайская Народная Республика", "Китайской Народной Республики", "Китайской Народной Республике"),
    ("kz", "Kazakhstan", "the Republic of Kazakhstan", "哈萨克斯坦", "哈萨克斯坦共和国", "Казахстан",
     "Республика Казахстан", "Республики Казахстан", "Республике Казахстан"),
    ("kg", "Kyrgyzstan", "the Kyrgyz Republic", "吉尔吉斯斯坦", "吉尔吉斯共和国", "Кыргызстан",
     "Кыргызская Республика", "Кыргызской Республики", "Кыргызской Республике"),
    ("tj", "Tajikistan", "the Republic of Tajikistan", "塔吉克斯坦", "塔吉克斯坦共和国", "Таджикистан",
     "Республика Таджикистан", "Республики Таджикистан", "Республике Таджикистан"),
    ("tm", "Turkmenistan", "Turkmenistan", "土库曼斯坦", "土库曼斯坦", "Туркменистан",
     "Туркменистан", "Туркменистана", "Туркменистане"),
    ("uz", "Uzbekistan", "the Republic of Uzbekistan", "乌兹别克斯坦", "乌兹别克斯坦共和国", "Узбекистан",
     "Республика Узбекистан", "Республики Узбекистан", "Республике Узбекистан"),
    ("ru", "Russia", "the Russian Federation", "俄罗斯", "俄罗斯联邦", "Россия",
     "Российская Федерация", "Российской Федерации", "Российской Федерации"),
    ("mn", "Mongolia", "Mongolia", "蒙古国", "蒙古国", "Монголия", "Монголия", "Монголии", "Монголии"),
    ("pk", "Pakistan", "the Islamic Republic of Pakistan", "巴基斯坦", "巴基斯坦伊斯兰共和国", "Пакистан",
     "Исламская Республика Пакистан", "Исламской Республики Пакистан", "Исламской Республике Пакистан"),
    ("af", "Afghanistan", "Afghanistan", "阿富汗", "阿富汗", "Афганистан", "Афганистан", "Афганистана",
     "Афганистане"),
    ("ir", "Iran", "the Islamic Republic of Iran", "伊朗", "伊朗伊斯兰共和国", "Иран",
     "Исламская Республика Иран", "Исламской Республики Иран", "Исламской Республике Иран"),
    ("az", "Azerbaijan", "the Republic of Azerbaijan", "阿塞拜疆", "阿塞拜疆共和国", "Азербайджан",
     "Азербайджанская Республика", "Азербайджанской Республики", "Азербайджанской Республике"),
    ("ge", "Georgia", "Georgia", "格鲁吉亚", "格鲁吉亚", "Грузия", "Грузия", "Грузии", "Грузии"),
    ("tr", "Türkiye", "the Republic of Türkiye", "土耳其", "土耳其共和国", "Турция",
     "Турецкая Республика", "Турецкой Республики", "Турецкой Республике"),
    ("in", "India", "the Republic of India", "印度", "印度共和国", "Индия",
     "Республика Индия", "Республики Индия", "Республике Индия"),
    ("by", "Belarus", "the Republic of Belarus", "白俄罗斯", "白俄罗斯共和国", "Беларусь",
     "Республика Беларусь", "Республики Беларусь", "Республике Беларусь"),
    ("am", "Armenia", "the Republic of Armenia", "亚美尼亚", "亚美尼亚共和国", "Армения",
     "Республика Армения", "Республики Армения", "Республике Армения"),
    ("hu", "Hungary", "Hungary", "匈牙利", "匈牙利", "Венгрия", "Венгрия", "Венгрии", "Венгрии"),
    ("rs", "Serbia", "the Republic of Serbia", "塞尔维亚", "塞尔维亚共和国", "Сербия",
     "Республика Сербия", "Республики Сербия", "Республике Сербия"),
    ("eg", "Egypt", "the Arab Republic of Egypt", "埃及", "阿拉伯埃及共和国", "Египет",
     "Арабская Республика Египет", "Арабской Республики Египет", "Арабской Республике Египет"),
    ("sa", "Saudi Arabia", "the Kingdom of Saudi Arabia", "沙特阿拉伯", "沙特阿拉伯王国", "Саудовская Аравия",
     "Королевство Саудовская Аравия", "Королевства Саудовская Аравия", "Королевстве Саудовская Аравия"),
    ("id", "Indonesia", "the Republic of Indonesia", "印度尼西亚", "印度尼西亚共和国", "Индонезия",
     "Республика Индонезия", "Республики Индонезия", "Республике Индонезия"),
    ("my", "Malaysia", "Malaysia", "马来西亚", "马来西亚", "Малайзия", "Малайзия", "Малайзии", "Малайзии"),
    ("vn", "Viet Nam", "the Socialist Republic of Viet Nam", "越南", "越南社会主义共和国", "Вьетнам",
     "Социалистическая Республика Вьетнам", "Социалистической Республики Вьетнам",
     "Социалистической Республике Вьетнам"),
]
CENTRAL_ASIA = ("ca", "Central Asia", "Central Asia", "中亚", "中亚", "Центральная Азия")
C5 = ["kz", "kg", "tj", "tm", "uz"]

# ---- levels / qualifiers of a mechanism: (en, zh, ru masculine adjective)
LEVELS = [(en, zh, adj(ru)) for en, zh, ru in [
    ("Ministerial", "部长级", "министерский"),
    ("Intergovernmental", "政府间", "межправительственный"),
    ("Interparliamentary", "议会间", "межпарламентский"),
    ("Expert", "专家", "экспертный"),
    ("Business", "工商", "деловой"),
    ("Youth", "青年", "молодёжный"),
    ("Interregional", "地方", "межрегиональный"),
    ("Scientific", "科学", "научный"),
    ("Customs", "海关", "таможенный"),
    ("Media", "媒体", "медийный"),
    ("Academic", "学术", "академический"),
    ("Permanent", "常设", "постоянный"),
    ("Joint", "联合", "совместный"),
    ("Consultative", "磋商", "консультативный"),
    ("Strategic", "战略", "стратегический"),
    ("Women's", "妇女", "женский"),
    ("Industrial", "产业", "промышленный"),
    ("Technical", "技术", "технический"),
]]

# ---- bodies: (en, zh, ru nominative, gender)
BODIES = [
    ("Forum", "论坛", "форум", "m"),
    ("Council", "理事会", "совет", "m"),
    ("Committee", "工作委员会", "комитет", "m"),
    ("Commission", "委员会", "комиссия", "f"),
    ("Working Group", "工作组", "рабочая группа", "f"),
    ("Dialogue", "对话会", "диалог", "m"),
    ("Platform", "平台", "платформа", "f"),
    ("Meeting", "会议", "совещание", "n"),
    ("Mechanism", "机制", "механизм", "m"),
    ("Secretariat", "秘书处", "секретариат", "m"),
    ("Alliance", "联盟", "альянс", "m"),
    ("Centre", "中心", "центр", "m"),
    ("Conference", "大会", "конференция", "f"),
    ("Network", "网络", "сеть", "f"),
    ("Task Force", "特别工作组", "целевая группа", "f"),
    ("Consortium", "联合体", "консорциум", "m"),
]

# ---- topics: (en, zh, ru dative after «по»)
TOPICS = [
    ("Green Minerals", "绿色矿产", "зелёным минералам"),
    ("Trade and Investment", "贸易投资", "торговле и инвестициям"),
    ("Energy", "能源", "энергетике"),
    ("Transport Connectivity", "交通互联互通", "транспортной взаимосвязанности"),
    ("Digital Economy", "数字经济", "цифровой экономике"),
    ("Water Resources", "水资源", "водным ресурсам"),
    ("Agriculture", "农业", "сельскому хозяйству"),
    ("Customs Facilitation", "海关便利化", "упрощению таможенных процедур"),
    ("Counter-Terrorism", "反恐", "противодействию терроризму"),
    ("Cultural Heritage", "文化遗产", "культурному наследию"),
    ("Tourism", "旅游", "туризму"),
    ("Education", "教育", "образованию"),
    ("Public Health", "卫生健康", "здравоохранению"),
    ("Poverty Reduction", "减贫", "сокращению бедности"),
    ("Disaster Risk Reduction", "防灾减灾", "снижению риска бедствий"),
    ("Climate Change", "气候变化", "изменению климата"),
    ("Industrial Capacity", "产能", "производственным мощностям"),
    ("E-Commerce", "电子商务", "электронной торговле"),
    ("Science and Technology", "科技", "науке и технологиям"),
    ("Logistics", "物流", "логистике"),
    ("Finance", "金融", "финансам"),
    ("Food Security", "粮食安全", "продовольственной безопасности"),
    ("Information Security", "信息安全", "информационной безопасности"),
    ("Outer Space", "航天", "космическому пространству"),
    ("Nuclear Safety", "核安全", "ядерной безопасности"),
    ("Desertification Control", "荒漠化防治", "борьбе с опустыниванием"),
    ("Migration", "移民", "миграции"),
    ("Sport", "体育", "спорту"),
    ("Think Tanks", "智库", "аналитическим центрам"),
    ("Railways", "铁路", "железным дорогам"),
    ("Civil Aviation", "民用航空", "гражданской авиации"),
    ("Standardization", "标准化", "стандартизации"),
    ("Intellectual Property", "知识产权", "интеллектуальной собственности"),
    ("Renewable Energy", "可再生能源", "возобновляемой энергетике"),
    ("Oil and Gas", "油气", "нефти и газу"),
    ("Mining", "矿业", "горнодобывающей промышленности"),
    ("Cross-Border Trade", "跨境贸易", "приграничной торговле"),
    ("Youth Exchanges", "青年交流", "молодёжным обменам"),
    ("Archaeology", "考古", "археологии"),
    ("Traditional Medicine", "传统医药", "традиционной медицине"),
    ("Emergency Management", "应急管理", "чрезвычайным ситуациям"),
    ("Law Enforcement", "执法安全", "правоохранительному сотрудничеству"),
    ("Drug Control", "禁毒", "контролю над наркотиками"),
    ("Border Management", "边境管理", "управлению границами"),
    ("Hydropower", "水电", "гидроэнергетике"),
    ("Green Development", "绿色发展", "зелёному развитию"),
    ("Smart Cities", "智慧城市", "умным городам"),
    ("Artificial Intelligence", "人工智能", "искусственному интеллекту"),
    ("Satellite Navigation", "卫星导航", "спутниковой навигации"),
    ("Labour and Employment", "劳动就业", "труду и занятости"),
    ("Statistics", "统计", "статистике"),
    ("Meteorology", "气象", "метеорологии"),
    ("Geology", "地质", "геологии"),
    ("Publishing", "出版", "книгоизданию"),
    ("Film", "电影", "кинематографу"),
    ("Animal Health", "动物卫生", "здоровью животных"),
    ("Plant Quarantine", "植物检疫", "карантину растений"),
    ("Seismology", "地震", "сейсмологии"),
    ("Pipelines", "管道", "трубопроводам"),
    ("Cotton Industry", "棉花产业", "хлопковой отрасли"),
    ("Textiles", "纺织", "текстильной промышленности"),
    ("Chemical Industry", "化工", "химической промышленности"),
    ("Metallurgy", "冶金", "металлургии"),
    ("Automotive Industry", "汽车产业", "автомобильной промышленности"),
    ("Pharmaceuticals", "医药", "фармацевтике"),
    ("Poverty Alleviation Finance", "扶贫金融", "финансированию борьбы с бедностью"),
]

# ---- cities: (en, zh, ru nom, ru adjective masculine)
CITIES = [(en, zh, ru, adj(a)) for en, zh, ru, a in [
    ("Astana", "阿斯塔纳", "Астана", "астанинский"),
    ("Almaty", "阿拉木图", "Алматы", "алматинский"),
    ("Tashkent", "塔什干", "Ташкент", "ташкентский"),
    ("Samarkand", "撒马尔罕", "Самарканд", "самаркандский"),
    ("Bukhara", "布哈拉", "Бухара", "бухарский"),
    ("Bishkek", "比什凯克", "Бишкек", "бишкекский"),
    ("Osh", "奥什", "Ош", "ошский"),
    ("Dushanbe", "杜尚别", "Душанбе", "душанбинский"),
    ("Khujand", "苦盏", "Худжанд", "худжандский"),
    ("Ashgabat", "阿什哈巴德", "Ашхабад", "ашхабадский"),
    ("Turkmenbashi", "土库曼巴希", "Туркменбаши", "туркменбашинский"),
    ("Xi'an", "西安", "Сиань", "сианьский"),
    ("Beijing", "北京", "Пекин", "пекинский"),
    ("Shanghai", "上海", "Шанхай", "шанхайский"),
    ("Ürümqi", "乌鲁木齐", "Урумчи", "урумчинский"),
    ("Kashgar", "喀什", "Кашгар", "кашгарский"),
    ("Lanzhou", "兰州", "Ланьчжоу", "ланьчжоуский"),
    ("Chengdu", "成都", "Чэнду", "чэндуский"),
    ("Chongqing", "重庆", "Чунцин", "чунцинский"),
    ("Khorgos", "霍尔果斯", "Хоргос", "хоргосский"),
    ("Aktau", "阿克套", "Актау", "актауский"),
    ("Shymkent", "奇姆肯特", "Шымкент", "шымкентский"),
    ("Termez", "铁尔梅兹", "Термез", "термезский"),
    ("Namangan", "纳曼干", "Наманган", "наманганский"),
    ("Andijan", "安集延", "Андижан", "андижанский"),
    ("Karakol", "卡拉科尔", "Каракол", "каракольский"),
    ("Naryn", "纳伦", "Нарын", "нарынский"),
    ("Turkistan", "突厥斯坦", "Туркестан", "туркестанский"),
    ("Tianjin", "天津", "Тяньцзинь", "тяньцзиньский"),
    ("Qingdao", "青岛", "Циндао", "циндаоский"),
    ("Lianyungang", "连云港", "Ляньюньган", "ляньюньганский"),
    ("Khiva", "希瓦", "Хива", "хивинский"),
]]

# ---- organizations: (en, zh, ru nominative, gender)
ORG_NOUNS = [
    ("Association", "协会", "ассоциация", "f"),
    ("Foundation", "基金会", "фонд", "m"),
    ("Union", "联合会", "союз", "m"),
    ("Institute", "研究院", "институт", "m"),
    ("Agency", "署", "агентство", "n"),
    ("Chamber of Commerce", "商会", "торговая палата", "f"),
    ("Society", "学会", "общество", "n"),
    ("Research Centre", "研究中心", "исследовательский центр", "m"),
    ("University", "大学", "университет", "m"),
    ("Development Bank", "开发银行", "банк развития", "m"),
    ("Observatory", "观测站", "обсерватория", "f"),
    ("Laboratory", "实验室", "лаборатория", "f"),
]

# ---- initiatives: adjectives (en, zh, ru forms) and nouns (en, zh, ru, gender)
INIT_ADJ = [(en, zh, adj(ru)) for en, zh, ru in [
    ("Green", "绿色", "зелёный"),
    ("Digital", "数字", "цифровой"),
    ("Joint", "联合", "совместный"),
    ("Strategic", "战略", "стратегический"),
    ("Comprehensive", "全面", "всеобъемлющий"),
    ("Sustainable", "可持续", "устойчивый"),
    ("Regional", "区域", "региональный"),
    ("Innovative", "创新", "инновационный"),
    ("Inclusive", "包容性", "инклюзивный"),
    ("Open", "开放", "открытый"),
    ("Smart", "智慧", "умный"),
    ("Resilient", "韧性", "жизнестойкий"),
]]
INIT_NOUNS = [
    ("Initiative", "倡议", "инициатива", "f"),
    ("Programme", "计划", "программа", "f"),
    ("Partnership", "伙伴关系", "партнёрство", "n"),
    ("Roadmap", "路线图", "дорожная карта", "f"),
    ("Action Plan", "行动计划", "план действий", "m"),
    ("Corridor", "走廊", "коридор", "m"),
    ("Fund", "基金", "фонд", "m"),
    ("Belt", "带", "пояс", "m"),
]

# ---- events: (en, zh, ru, gender)
EVENT_NOUNS = [
    ("Summit", "峰会", "саммит", "m"),
    ("Expo", "博览会", "выставка", "f"),
    ("Festival", "艺术节", "фестиваль", "m"),
    ("Fair", "交易会", "ярмарка", "f"),
    ("Games", "运动会", "игры", "p"),
    ("Symposium", "研讨会", "симпозиум", "m"),
    ("Week", "周", "неделя", "f"),
]
ORD_EN = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth",
          "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth",
          "Eighteenth", "Nineteenth", "Twentieth"]
ORD_EN += [f"Twenty-{o}" for o in ORD_EN[:9]] + ["Thirtieth"]
_ORD_RU_BASE = ["первый", "второй", "третий", "четвёртый", "пятый", "шестой", "седьмой", "восьмой", "девятый",
                "десятый", "одиннадцатый", "двенадцатый", "тринадцатый", "четырнадцатый", "пятнадцатый",
                "шестнадцатый", "семнадцатый", "восемнадцатый", "девятнадцатый", "двадцатый"]


def _ord_ru(m: str) -> tuple[str, str, str, str]:
    if m == "третий":
        return "третий", "третья", "третье", "третьи"
    stem = m[:-2]
    return m, stem + "ая", stem + "ое", stem + "ые"


ORD_RU = [_ord_ru(m) for m in _ORD_RU_BASE]
ORD_RU += [tuple("двадцать " + f for f in forms) for forms in ORD_RU[:9]] + [_ord_ru("тридцатый")]
_ZH_DIGITS = "零一二三四五六七八九"


def zh_number(n: int) -> str:
    """Chinese numeral for 1..99."""
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _ZH_DIGITS[ones]
    head = "" if tens == 1 else _ZH_DIGITS[tens]
    return head + "十" + (_ZH_DIGITS[ones] if ones else "")


# ---- treaties: types (en, zh, ru nominative, en short) and parties (en, zh, ru instrumental)
TREATY_TYPES = [
    ("Agreement", "协定", "Соглашение", "Agreement"),
    ("Treaty", "条约", "Договор", "Treaty"),
    ("Memorandum of Understanding", "谅解备忘录", "Меморандум о взаимопонимании", "MoU"),
    ("Protocol", "议定书", "Протокол", "Protocol"),
    ("Convention", "公约", "Конвенция", "Convention"),
    ("Programme of Cooperation", "合作规划", "Программа сотрудничества", "Cooperation Programme"),
    ("Plan of Action", "行动计划", "План действий", "Action Plan"),
    ("Framework Agreement", "框架协定", "Рамочное соглашение", "Framework Agreement"),
]
PARTIES = [
    ("Government", "政府", "Правительством"),
    ("Ministry of Foreign Affairs", "外交部", "Министерством иностранных дел"),
    ("Ministry of Commerce", "商务部", "Министерством торговли"),
    ("Ministry of Transport", "交通运输部", "Министерством транспорта"),
    ("Ministry of Education", "教育部", "Министерством образования"),
    ("Ministry of Agriculture", "农业部", "Министерством сельского хозяйства"),
    ("Ministry of Culture", "文化部", "Министерством культуры"),
    ("Ministry of Finance", "财政部", "Министерством финансов"),
    ("Ministry of Health", "卫生部", "Министерством здравоохранения"),
    ("Ministry of Energy", "能源部", "Министерством энергетики"),
    ("Ministry of Justice", "司法部", "Министерством юстиции"),
    ("Ministry of Emergency Situations", "应急管理部", "Министерством по чрезвычайным ситуациям"),
]

# ---- declarations
DECL_NOUNS = [
    ("Joint Statement", "联合声明", "Совместное заявление"),
    ("Joint Declaration", "联合宣言", "Совместная декларация"),
    ("Joint Communiqué", "联合公报", "Совместное коммюнике"),
]

# ---- titles: ministries (en, zh, ru genitive) and ranks (en, zh, ru)
MINISTRIES = [
    ("Foreign Affairs", "外交", "иностранных дел"), ("Commerce", "商务", "торговли"),
    ("Transport", "交通运输", "транспорта"), ("Education", "教育", "образования"),
    ("Agriculture", "农业", "сельского хозяйства"), ("Culture", "文化", "культуры"),
    ("Finance", "财政", "финансов"), ("Health", "卫生", "здравоохранения"), ("Energy", "能源", "энергетики"),
    ("Justice", "司法", "юстиции"), ("Defence", "国防", "обороны"), ("Internal Affairs", "内务", "внутренних дел"),
    ("Economy", "经济", "экономики"), ("Digital Development", "数字发展", "цифрового развития"),
    ("Water Resources", "水利", "водного хозяйства"), ("Labour", "劳动", "труда"), ("Ecology", "生态", "экологии"),
    ("Sport", "体育", "спорта"), ("Tourism", "旅游", "туризма"), ("Industry", "工业", "промышленности"),
    ("Natural Resources", "自然资源", "природных ресурсов"), ("Investment", "投资", "инвестиций"),
]
RANKS = [("Minister", "部长", "Министр"), ("Deputy Minister", "副部长", "Заместитель министра"),
         ("First Deputy Minister", "第一副部长", "Первый заместитель министра")]

# ---- other concepts: (en, zh, ru, gender)
OTHER_NOUNS = [
    ("Consensus", "共识", "консенсус", "m"), ("Model", "模式", "модель", "f"), ("Index", "指数", "индекс", "m"),
    ("Standard", "标准", "стандарт", "m"), ("Hub", "枢纽", "хаб", "m"), ("Cluster", "集群", "кластер", "m"),
    ("Spirit", "精神", "дух", "m"), ("Charter", "宪章", "хартия", "f"),
]

# ---- names: syllables (English official Latin, Cyrillic, Chinese)
SYLLABLES = [
    ("a", "а", "阿"), ("ba", "ба", "巴"), ("be", "бе", "别"), ("bo", "бо", "博"), ("bu", "бу", "布"),
    ("da", "да", "达"), ("du", "ду", "杜"), ("ga", "га", "加"), ("gu", "гу", "古"), ("ja", "жа", "扎"),
    ("jo", "жо", "若"), ("ka", "ка", "卡"), ("ki", "ки", "基"), ("ko", "ко", "科"), ("ku", "ку", "库"),
    ("la", "ла", "拉"), ("li", "ли", "利"), ("ma", "ма", "马"), ("mi", "ми", "米"), ("mu", "му", "穆"),
    ("na", "на", "纳"), ("nu", "ну", "努"), ("ra", "ра", "拉"), ("sa", "са", "萨"), ("si", "си", "西"),
    ("su", "су", "苏"), ("ta", "та", "塔"), ("to", "то", "托"), ("tu", "ту", "图"), ("sha", "ша", "沙"),
    ("shi", "ши", "希"), ("kha", "ха", "哈"), ("khu", "ху", "胡"), ("ya", "я", "亚"), ("yu", "ю", "尤"),
    ("zu", "зу", "祖"), ("ti", "ти", "季"), ("sy", "сы", "瑟"), ("ty", "ты", "特"), ("kyz", "кыз", "克孜"),
    ("bek", "бек", "别克"), ("nur", "нур", "努尔"), ("kul", "кул", "库尔"), ("tur", "тур", "图尔"),
    ("sul", "сул", "苏尔"), ("ab", "аб", "阿布"), ("er", "ер", "叶尔"), ("il", "ил", "伊尔"),
]
# surname endings after a vowel / after a consonant: (en, ru, zh masculine); feminine adds a / а, 夫→娃
SURNAME_AFTER_VOWEL = [("yev", "ев", "耶夫")]
SURNAME_ENDINGS = [
    ("mov", "мов", "莫夫"), ("rov", "ров", "罗夫"), ("nov", "нов", "诺夫"), ("tov", "тов", "托夫"),
    ("lov", "лов", "洛夫"), ("kov", "ков", "科夫"), ("bekov", "беков", "别科夫"), ("bayev", "баев", "巴耶夫"),
    ("kulov", "кулов", "库洛夫"), ("dov", "дов", "多夫"), ("shev", "шев", "舍夫"), ("jonov", "жонов", "若诺夫"),
    ("baliyev", "балиев", "巴利耶夫"), ("murodov", "муродов", "穆罗多夫"),
]
GIVEN_MALE = [
    ("Kassym", "Касым", "卡瑟姆"), ("Nursultan", "Нурсултан", "努尔苏丹"), ("Sadyr", "Садыр", "萨德尔"),
    ("Shavkat", "Шавкат", "沙夫卡特"), ("Emomali", "Эмомали", "埃莫马利"), ("Serdar", "Сердар", "谢尔达尔"),
    ("Askar", "Аскар", "阿斯卡尔"), ("Marat", "Марат", "马拉特"), ("Yerlan", "Ерлан", "叶尔兰"),
    ("Dauren", "Даурен", "达乌连"), ("Aibek", "Айбек", "艾别克"), ("Bakhtiyor", "Бахтиёр", "巴赫蒂约尔"),
    ("Jamshid", "Джамшид", "贾姆希德"), ("Rustam", "Рустам", "鲁斯塔姆"), ("Timur", "Тимур", "帖木儿"),
    ("Farrukh", "Фаррух", "法鲁赫"), ("Ulugbek", "Улугбек", "乌卢格别克"), ("Almazbek", "Алмазбек", "阿尔马兹别克"),
    ("Kanat", "Канат", "卡纳特"), ("Murat", "Мурат", "穆拉特"), ("Nurlan", "Нурлан", "努尔兰"),
    ("Bakyt", "Бакыт", "巴克特"), ("Sherzod", "Шерзод", "舍尔佐德"), ("Dilshod", "Дилшод", "迪尔绍德"),
    ("Rashid", "Рашид", "拉希德"), ("Abdulla", "Абдулла", "阿卜杜拉"), ("Azamat", "Азамат", "阿扎马特"),
    ("Berik", "Берик", "别里克"), ("Daniyar", "Данияр", "达尼亚尔"), ("Zhanibek", "Жанибек", "扎尼别克"),
    ("Otabek", "Отабек", "奥塔别克"), ("Bekzod", "Бекзод", "别克佐德"),
]
GIVEN_FEMALE = [
    ("Dinara", "Динара", "迪娜拉"), ("Aigul", "Айгуль", "艾古丽"), ("Gulnara", "Гульнара", "古丽娜拉"),
    ("Saida", "Саида", "赛达"), ("Madina", "Мадина", "马迪娜"), ("Aliya", "Алия", "阿莉娅"),
    ("Zarina", "Зарина", "扎丽娜"), ("Nilufar", "Нилуфар", "尼卢法尔"), ("Kamila", "Камила", "卡米拉"),
    ("Asel", "Асель", "阿塞尔"), ("Malika", "Малика", "马利卡"), ("Aizhan", "Айжан", "艾然"),
    ("Gulshan", "Гульшан", "古丽尚"), ("Nodira", "Нодира", "诺迪拉"), ("Feruza", "Феруза", "费鲁扎"),
]
PERSON_SUBJECTS = ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan", "China"]

# ---- places: toponym endings (en, ru, zh) and place types (en template, zh template, ru template)
TOPONYM_ENDINGS = [
    ("abad", "абад", "阿巴德"), ("kent", "кент", "肯特"), ("tepa", "тепа", "捷帕"), ("bulak", "булак", "布拉克"),
    ("sai", "сай", "赛"), ("kol", "коль", "科尔"), ("su", "су", "苏"), ("tau", "тау", "套"),
    ("tobe", "тобе", "托别"), ("kum", "кум", "库姆"), ("ata", "ата", "阿塔"), ("shahr", "шахр", "沙赫尔"),
]
PLACE_TYPES = [
    ("{X}", "{x}", "{X}", "city"),
    ("{X} River", "{x}河", "река {X}", "river"),
    ("Lake {X}", "{x}湖", "озеро {X}", "lake"),
    ("{X} Pass", "{x}山口", "перевал {X}", "mountain pass"),
    ("{X} Railway Station", "{x}火车站", "железнодорожная станция {X}", "railway station"),
    ("{X} Border Crossing", "{x}口岸", "пункт пропуска {X}", "border crossing"),
    ("{X} Dry Port", "{x}陆港", "сухой порт {X}", "dry port"),
    ("{X} Industrial Park", "{x}工业园", "индустриальный парк {X}", "industrial park"),
    ("{X} Free Economic Zone", "{x}自由经济区", "свободная экономическая зона {X}", "free economic zone"),
    ("{X} International Airport", "{x}国际机场", "международный аэропорт {X}", "airport"),
    ("{X} Hydropower Plant", "{x}水电站", "гидроэлектростанция {X}", "power plant"),
    ("{X} Oil Field", "{x}油田", "нефтяное месторождение {X}", "oil field"),
]

# ---- deprecated English spellings (official → non-standard) for variant terms
EN_VARIANTS = [
    ("Centre", "Center"), ("Programme", "Program"), ("Labour", "Labor"), ("Defence", "Defense"),
    ("Kyrgyzstan", "Kirghizia"), ("Kyrgyz Republic", "Kirghiz Republic"), ("Tajikistan", "Tadjikistan"),
    ("Turkmenistan", "Turkmenia"), ("Kazakhstan", "Kazakstan"), ("Türkiye", "Turkey"), ("Almaty", "Alma-Ata"),
    ("Ashgabat", "Ashkhabad"), ("Beijing", "Peking"), ("Xi'an", "Xian"), ("Ürümqi", "Urumchi"),
    ("Viet Nam", "Vietnam"), ("Counter-Terrorism", "Counterterrorism"), ("Communiqué", "Communique"),
    ("Khujand", "Khodjent"), ("Turkistan", "Turkestan"), ("Andijan", "Andizhan"), ("Belarus", "Byelorussia"),
    ("Memorandum of Understanding", "Memorandum on Understanding"), ("Standardization", "Standardisation"),
]
