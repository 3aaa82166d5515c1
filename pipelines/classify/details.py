"""Who acted, under which law, against whom, and where: read from the evidence sentences.

Deliberately shallow: gazetteers of the actors, laws and organisations that recur in Hong Kong
press-freedom news, and name patterns around the roles that news attaches to targets.
"""

from __future__ import annotations

import re
from collections import Counter

from pipelines.models import Target

from .chinese import fold

LAWS: list[tuple[str, str]] = [
    (
        "safeguarding national security ordinance",
        r"Safeguarding National Security Ordinance|Article 23 (?:law|legislation|ordinance)|"
        r"維護國家安全條例|23條立法|《基本法》23條|基本法第23條",
    ),
    ("national security law", r"national security law|\bNSL\b|國安法|國家安全法|港區國安法"),
    (
        "sedition (crimes ordinance)",
        r"sedition|seditious|煽動刊物|煽動意圖|煽動罪|煽動文字|煽動[^。]{0,6}罪|刑事罪行條例",
    ),
    (
        "public order ordinance",
        r"Public Order Ordinance|unauthori[sz]ed assembly|unlawful assembly|公安條例|非法集結|"
        r"未經批准集結|煽惑[^。]{0,6}集結",
    ),
    ("group gathering regulation", r"group gathering|限聚令"),
    ("societies ordinance", r"Societies Ordinance|社團條例"),
    ("espionage act", r"Espionage Act"),
    ("emergency regulations ordinance", r"Emergency Regulations Ordinance|緊急法|禁蒙面法"),
    ("film censorship ordinance", r"Film Censorship Ordinance|電影檢查條例|電檢條例"),
]

ACTORS: list[tuple[str, str]] = [
    (
        "police national security department",
        r"national security (?:police|department|unit)|國安處|國家安全處",
    ),
    ("police", r"\bpolice\b|\bofficers?\b|\bsheriff|警方|警務處|警員|警察|警署"),
    ("department of justice", r"Department of Justice|prosecutors?|律政司|控方"),
    ("court", r"\bcourt\b|\bjudge\b|magistrate|法院|法官|裁判官|法庭"),
    ("immigration", r"immigration|border (?:agents?|officers?|patrol)|入境處|海關"),
    (
        "government",
        r"government|Security Bureau|Chief Executive|White House|governor|mayor|政府|保安局|"
        r"特首|行政長官|局長|運輸署|通訊局|康文署|教育局",
    ),
    ("broadcaster management", r"RTHK management|broadcasting director|廣播處長|港台管理層"),
    (
        "foreign government",
        r"(?:US|U\.S\.|UK|British|American|EU|European|Canadian|Australian) government|"
        r"State Department|foreign ministers?|sanction|美國|英國|歐盟|加拿大|澳洲|制裁",
    ),
    ("international body", r"United Nations|\bUN\b|聯合國"),
    ("company", r"\bcompany\b|\bbank\b|platform|provider|公司|銀行|平台|企業"),
]

_KNOWN_TARGETS: list[tuple[str, str, str]] = [
    ("Apple Daily", "outlet", r"Apple Daily|蘋果日報|《蘋果》"),
    ("Next Digital", "company", r"Next Digital|Next Media|壹傳媒"),
    ("Stand News", "outlet", r"Stand News|立場新聞|《立場》"),
    ("Citizen News", "outlet", r"Citizen News|眾新聞"),
    ("RTHK", "outlet", r"\bRTHK\b|港台|香港電台"),
    ("Hong Kong Alliance", "ngo", r"Hong Kong Alliance|支聯會"),
    ("Professional Teachers' Union", "union", r"Professional Teachers'? Union|教協"),
    ("Hong Kong Journalists Association", "union", r"Journalists Association|記協"),
    ("Confederation of Trade Unions", "union", r"Confederation of Trade Unions|職工盟"),
    ("Civil Human Rights Front", "ngo", r"Civil Human Rights Front|民陣"),
    ("Amnesty International", "ngo", r"Amnesty International|國際特赦"),
    ("Democratic Party", "party", r"Democratic Party|民主黨"),
    ("Civic Party", "party", r"Civic Party|公民黨"),
    ("League of Social Democrats", "party", r"League of Social Democrats|社民連"),
    ("Demosisto", "party", r"Demosisto|香港眾志"),
    ("Jimmy Lai", "person", r"Jimmy Lai|黎智英"),
]

_EN_ROLE_NAME = re.compile(
    r"\b(?:journalist|reporter|photojournalist|photographer|videographer|editor|"
    r"editor-in-chief|publisher|activist|correspondent|host|anchor|freelancer|columnist|"
    r"lawmaker|founder|student|producer|blogger|writer)s?,?\s+"
    r"((?:[A-Z][a-z'’\-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-z'’\-]+|[A-Z]\.)){1,2})"
)
_EN_OUTLET = re.compile(
    r"\b((?:The\s+)?(?:[A-Z][A-Za-z&\-]+\s+){0,3}"
    r"(?:News|Times|Post|Daily|Journal|Tribune|Herald|Review|Magazine|Gazette|Press|Radio|"
    r"Chronicle|Intercept|Register|Mercury|Crimson|Beast))\b"
)
_EN_ORG = re.compile(
    r"\b((?:[A-Z][A-Za-z'’\-]+\s+){1,5}(?P<kind>Union|Alliance|Association|Party|Front|Council|"
    r"Federation|Foundation|Society))\b"
)
_SURNAMES = (
    "陳林黎黃李張何梁鄒周羅吳劉鄭楊趙胡朱許鄧馮蔡譚葉盧郭曾彭岑袁區毛范方蘇謝麥余姚馬伍"
    "岑邵韓潘戴龐袁蔣甄鍾尹湯江孔柯賴廖利容翁譚葛溫莫"
)
_ZH_ROLE_NAME = re.compile(
    r"(?:記者|總編輯|編輯|社長|主席|副主席|行政總裁|總裁|主筆|社運人士|前議員|議員|區議員|"
    r"學生|秘書長|常委|副社長|主持|攝影記者|創辦人|律師|牧師)"
    rf"([{_SURNAMES}][\u4e00-\u9fff]{{1,2}})(?=[，、。及和與被等（(：:\s」」]|$)"
)
_ZH_BRACKETED = re.compile(r"《([^《》]{2,12})》")
_ZH_OUTLET_END = ("報", "日報", "新聞", "周刊", "週刊", "電台", "時報", "雜誌", "傳媒", "媒體")
_ZH_ORG = re.compile(r"([\u4e00-\u9fff]{2,8}(?P<kind>工會|學生會|協會|聯會|總會|黨|陣線|同盟))")

_PLACES: list[tuple[str, str]] = [
    (
        "Hong Kong",
        r"Hong Kong|香港|旺角|銅鑼灣|尖沙咀|灣仔|中環|元朗|將軍澳|維園|金鐘|西九|將軍澳|"
        r"觀塘|沙田|屯門|荃灣|九龍|新界|立法會|西九龍裁判法院|高等法院",
    ),
    ("Mainland China", r"mainland China|Beijing|Shenzhen|Guangzhou|內地|北京|深圳|廣州|大陸"),
    ("Macau", r"Macau|Macao|澳門"),
    ("Taiwan", r"Taiwan|Taipei|台灣|臺灣|台北"),
    ("United Kingdom", r"\bUK\b|Britain|London|英國|倫敦"),
    ("Myanmar", r"Myanmar|緬甸"),
]
_US_STATES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|"
    "Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|"
    "Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|"
    "New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|"
    "Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|"
    "West Virginia|Wisconsin|Wyoming|Puerto Rico|District of Columbia|Washington, D\\.C\\."
)
_US_CITY = re.compile(
    rf"\b(?:in|at|near|outside)\s+((?:[A-Z][a-z]+\s){{0,2}}[A-Z][a-z]+),\s+({_US_STATES})\b"
)
_US_STATE = re.compile(rf"\b({_US_STATES})\b")


def _compiled(table: list[tuple[str, str]]) -> list[tuple[str, re.Pattern[str]]]:
    return [(name, re.compile(fold(p), re.IGNORECASE)) for name, p in table]


_LAW_PATTERNS = _compiled(LAWS)
_ACTOR_PATTERNS = _compiled(ACTORS)
_PLACE_PATTERNS = _compiled(_PLACES)
_TARGET_PATTERNS = [(n, k, re.compile(fold(p))) for n, k, p in _KNOWN_TARGETS]


def find_laws(text: str) -> list[str]:
    folded = fold(text)
    return [name for name, p in _LAW_PATTERNS if p.search(folded)]


def find_actors(text: str, types: list[str]) -> list[str]:
    folded = fold(text)
    found = [name for name, p in _ACTOR_PATTERNS if p.search(folded)]
    if "police national security department" in found and "police" in found:
        found.remove("police")
    if "foreign government" in found and "government_response" not in types:
        found.remove("foreign government")
    if "company" in found and "corporate_response" not in types:
        found.remove("company")
    return found


def find_targets(text: str, script: str) -> list[Target]:
    """Organisations from the gazetteer and named patterns; people named next to their role."""
    targets: dict[str, Target] = {}

    def add(name: str, kind: str) -> None:
        name = name.strip()
        if name and name.lower() not in {t.lower() for t in targets}:
            targets[name] = Target(name, kind)

    folded = fold(text)
    for name, kind, p in _TARGET_PATTERNS:
        if p.search(folded):
            add(name, kind)
    if script == "zh":
        for m in _ZH_ROLE_NAME.finditer(text):
            add(m.group(1), "person")
        for m in _ZH_BRACKETED.finditer(text):
            if m.group(1).endswith(_ZH_OUTLET_END):
                add(m.group(1), "outlet")
        for m in _ZH_ORG.finditer(text):
            kind = {"工會": "union", "黨": "party"}.get(m.group("kind"), "ngo")
            name = m.group(1)
            if not any(name in t or t in name for t in targets):
                add(name, kind)
    else:
        for m in _EN_ROLE_NAME.finditer(text):
            add(m.group(1), "person")
        for m in _EN_OUTLET.finditer(text):
            name = re.sub(r"^The\s+", "", m.group(1))
            if name not in {"News", "Times", "Post", "Press", "Daily"}:
                add(name, "outlet")
        for m in _EN_ORG.finditer(text):
            kind = {"Union": "union", "Party": "party"}.get(m.group("kind"), "ngo")
            add(m.group(1), kind)
    return list(targets.values())[:10]


def find_location(evidence_text: str, full_text: str) -> str:
    """The place named in the evidence, else the one the story names most."""
    for text in (evidence_text, full_text):
        m = _US_CITY.search(text)
        if m:
            return f"{m.group(1)}, {m.group(2)}"
        folded = fold(text)
        counts = Counter({name: len(p.findall(folded)) for name, p in _PLACE_PATTERNS})
        state = Counter(m.group(1) for m in _US_STATE.finditer(text))
        counts.update(state)
        counts = +counts
        if counts:
            return counts.most_common(1)[0][0]
    return ""
