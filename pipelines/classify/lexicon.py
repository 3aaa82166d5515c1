"""Trigger phrases for each incident type, and the context that makes an event a press-freedom one.

Written from TAXONOMY.md and from how news in English and Hong Kong Chinese reports these events.
Chinese phrases are written in Traditional script and folded to Simplified at compile time, so they
match both scripts. All phrases are matched case-insensitively (text and phrases are lower-cased),
English ones on word boundaries.
"""

from __future__ import annotations

#: A headline tag naming a court case ("【立場新聞案】", "【理大暴動案開審】"); a murder or a
#: killing ("血案", "命案") is an ordinary crime, not a case against anyone. Shared by the
#: prosecution triggers and CASE_TITLE.
_CASE_TAG_ZH = r"【[^】]{0,14}(?<![血命兇])案(?:開審|審訊|判刑|判決|裁決)?】"

TYPE_TRIGGERS: dict[str, dict[str, list[str]]] = {
    "arrest": {
        "en": [
            r"arrest(?:ed|s|ing)?",
            r"re-?arrested",
            r"detain(?:ed|s|ing)?",
            r"detention",
            r"(?:taken|held) (?:in|into) (?:police )?custody",
            r"handcuff(?:ed|s)?",
            r"taken in for questioning",
            r"held for questioning",
            r"arrest warrants?",
            r"bount(?:y|ies)",
            r"wanted list",
            r"apprehended",
            r"booked into",
            r"zip[- ]?tied",
            r"secondary (?:screening|inspection)",
        ],
        "zh": [
            r"拘捕",
            r"被捕",
            r"被拘",
            r"拘留",
            # a passport held (扣留護照) is a bail condition, not a detention
            r"扣留(?!護照)",
            r"羈留",
            r"羈押",
            r"軟禁",
            r"通緝",
            r"懸紅",
            r"懸賞",
            r"落網",
            # exhibits "taken away as evidence" (當證物帶走) are a seizure, not an arrest
            r"帶走(?<!證物帶走)(?<!物品帶走)(?<!文件帶走)(?<!資料帶走)",
            r"帶返警署",
            r"拘[一二三四五六七八九十兩數多\d]+[名人]",
            r"國安處拘",
            r"警拘",
        ],
    },
    "prosecution": {
        "en": [
            r"charged (?:with|over|under|in)",
            r"(?:were|was|been|be) charged",
            r"charges? (?:against|of|were|was|filed|dropped)",
            r"indict(?:ed|ment)",
            r"plead(?:ed|s)? (?:not )?guilty",
            r"pleads? (?:not )?guilty",
            r"pled (?:not )?guilty",
            r"convict(?:ed|ion)",
            r"sentenc(?:ed|ing|e of)",
            r"acquit(?:ted|tal)",
            r"(?:stood|stand|on|his|her|their|the) trial",
            # a murder trial the press covers is not a case against the press
            r"trial(?<!murder trial)(?<!shooting trial)(?<!homicide trial) (?:of|began|opened|started|date)",
            r"appeared in court",
            r"court appearance",
            r"(?:granted|denied|refused|released on|posted) bail",
            r"bail (?:hearing|application|was|review)",
            r"remanded",
            r"verdict",
            r"(?:filed|lost|won) (?:an |the |his |her )?appeal",
            r"prosecutors? (?:dropped|said|charged|declined)",
            r"cited for",
            r"misdemeanou?r",
            r"felony",
            r"contempt of court",
            r"summons",
            r"arraign(?:ed|ment)",
        ],
        "zh": [
            r"起訴",
            r"落案",
            r"被控",
            r"控[告以]",
            r"提堂",
            r"還押",
            r"還柙",
            r"保釋",
            r"審訊",
            r"開審",
            r"受審",
            r"裁決",
            r"判[刑囚監處決]",
            r"囚[一二三四五六七八九十兩半\d]+",
            r"罪成",
            r"罪名成立",
            r"罪名不成立",
            r"認罪",
            # a headline tagged with its court case
            _CASE_TAG_ZH,
            # a plea named by its offence: "承認太古站外非法集結"
            r"承認[^。，]{0,12}?(?:罪|非法集結|暴動|煽動|襲警|刑事毀壞|管有)",
            r"否認(?:控罪|[一二三四五六七八九十兩\d]+項)",
            # an appeal to the board on public meetings, or one only announced, is no court step
            r"上訴(?<!將上訴)(?<!將會上訴)(?!委員會)",
            r"聆訊",
            r"撤控",
            r"定罪",
            r"求情",
            r"覆核",
            r"控方",
            r"辯方",
            r"[區高終]院",
            r"裁判法院",
            r"法官",
            r"裁判官",
        ],
    },
    "raid": {
        "en": [
            r"raid(?:ed|s|ing)?",
            r"search(?:ed|es|ing)? [^.]{0,30}?"
            r"(?:home|homes|office|offices|premises|newsroom|headquarters|residence|building|devices?|phone)",
            r"search warrants?",
            r"seiz(?:ed|e|es|ing|ure)",
            r"confiscat(?:ed|e|ion)",
            r"(?:froze|frozen|freez(?:e|es|ing)) (?:of )?(?:the |its |his |their )?"
            r"(?:assets|bank accounts?|accounts|funds)",
            r"assets? (?:were |was )?frozen",
            r"asset freeze",
            r"took (?:his|her|their) (?:camera|phone|equipment|notes)",
            # a border stop where officers go through a journalist's belongings and devices
            r"secondary (?:screening|inspection)",
        ],
        "zh": [
            r"搜查",
            r"搜捕",
            r"搜屋",
            r"抄家",
            r"搜索令",
            r"手令",
            r"檢走",
            r"取走",
            r"檢取",
            # a foreign government freezing officials' assets abroad is a sanction, not a seizure
            r"凍結(?![^。，]{0,16}?在(?:美|英|歐|加|澳|海外))",
            r"充公",
            r"沒收",
            # people "held" (被扣押) are an arrest: a raid seizes things
            r"扣押[^。]{0,10}(?:文件|電腦|器材|手機|資料|物品|證物|財產|資產|硬碟|稿件|刊物)",
            r"(?:文件|電腦|器材|手機|資料|物品|證物|財產|資產|硬碟|稿件|刊物)[^。]{0,6}[被遭]?扣押",
            r"帶走[^。]{0,12}(?:文件|電腦|器材|手機|資料)",
            r"上門",
        ],
    },
    "closure": {
        "en": [
            r"ceas(?:e|ed|es|ing) (?:operations|publication|publishing|printing)",
            r"(?:shut|shuts|shutting|close[sd]?|closing) (?:down(?! (?:its |their )?servers?)|"
            r"its (?:doors|offices?|newsroom|bureau))",
            r"disband(?:ed|s|ing)?",
            r"dissolv(?:e|ed|es|ing)",
            r"(?:final|last) (?:edition|issue|print run|broadcast)",
            r"stop(?:ped|s)? (?:publishing|printing|operating)",
            r"suspend(?:ed|s)? (?:operations|publication)",
            r"fold(?:ed|s)",
            r"wound up",
            r"liquidat(?:ion|ed|ors?)",
            r"(?:leave|leaves|left|leaving|quit|quits|exit) (?:hong kong|the city)",
            r"relocat(?:e|ed|es|ing) (?:to|its|out)",
        ],
        "zh": [
            r"停刊",
            r"解散",
            r"停運",
            r"停止運作",
            r"停止營運",
            r"結業",
            r"清盤",
            r"最後一[期份天]",
            r"告別",
            r"撤出香港",
            r"遷離",
            r"停止出版",
            r"暫停運作",
            r"熄機",
            r"關閉",
            r"停止更新",
            r"宣布?佈?停",
        ],
    },
    "censorship": {
        "en": [
            r"ban(?:s|ned|ning)? ",
            r"block(?:ed|s|ing)",
            r"censor(?:ed|s|ship|ing)?",
            r"(?:removed|pulled|withdrawn|taken down|deleted) from",
            r"take ?down",
            r"barred (?:from|entry)",
            r"den(?:ied|y|ies) (?:access|entry|a visa|visa|credentials|press)",
            r"refused (?:entry|a visa|to renew|access)",
            r"visa (?:was )?(?:denied|refused|not renewed|rejected)",
            r"(?:revok|withdr|confiscat)\w* (?:his |her |their )?press (?:pass|credentials?)",
            r"press (?:pass|credentials?)",
            r"not to (?:publish|report|write)",
            r"gag order",
            r"prior restraint",
            r"ax(?:ed|es)|axing|scrapped|pulled the",
            r"(?:kicked|thrown|escorted) out",
            r"(?:restrict|limit)(?:ed|s|ing)? (?:media |press |reporters' |journalists' )?access",
            r"excluded from",
            r"access (?:was |is |has been )?(?:restricted|limited|denied|revoked)",
            r"den(?:ied|y|ies) [^.]{0,40}(?:access|interview|entry|request)",
            r"self-censorship",
            r"non-disclosure agreement",
        ],
        "zh": [
            r"下架",
            r"刪除",
            r"刪帖",
            r"封鎖",
            r"屏蔽",
            r"禁播",
            r"停播",
            r"抽起",
            r"撤下",
            r"審查",
            r"拒絕?(?:其)?入境",
            r"拒[發續批][^。]{0,14}簽證",
            r"不獲續[^。]{0,4}簽證?",
            r"簽證[^。]{0,6}(?:被拒|不獲)",
            r"禁止[^。]{0,8}(?:採訪|入場|集會|遊行|悼念|展出|出版|播放|進入)",
            r"拒絕[^。]{0,6}採訪",
            r"腰斬",
            r"禁書",
            r"反對通知書",
            r"不反對通知書",
            r"封網",
            r"臨時取消",
            r"被取消",
            r"撤回[^。]{0,6}(?:邀請|展覽|書)",
            r"禁制令",
            r"下令禁",
            r"禁[^。，]{0,8}參賽",
            r"停[^。，]{0,2}主持",
            r"刪[^。，]{0,16}(?:app|應用程式|帖文|文章|片段|影片)",
            r"報[道導]限制",
            r"禁止",
            # bail refused (不准保釋) is a court's bail decision: a prosecution, not a ban
            r"不准(?!保釋)",
        ],
    },
    "threat": {
        "en": [
            # "threatened with arrest": the arrest (or the stop) is the incident
            r"threat(?:s|en|ened|ening)?(?! (?:with|to) (?:arrest|detain|cite|jail))",
            r"intimidat(?:e|ed|ion|ing)",
            r"harass(?:ed|ment|ing)?",
            r"dox+(?:ed|ing)?",
            r"surveil(?:led|lance)",
            r"tracking (?:code|pixel|device)",
            r"enemy of the people",
            r"smear(?:ed|s)?",
            r"(?:accus|attack|singl)\w* (?:the |a )?"
            r"(?:outlet|newspaper|paper|media|press|journalists?)",
            r"warned (?:journalists|reporters|the media|the press)",
            r"fireable offen[cs]e",
            r"jail (?:journalists|reporters)",
            r"vandali[sz]ed",
            r"(?:\bwill|threatened to) sue",
            r"(?:aggressively )?questioned [^.]{0,60}?about (?:his |her |their )?"
            r"(?:reporting|work|articles?|coverage)",
            r"inciting hatred",
            # an official floating a penalty for coverage: "suggested ... credentials revoked"
            r"suggest(?:s|ed|ing)? [^.]{0,80}?(?:revok|tak\w+ away|strip|pull)\w*",
            r"anti-(?:press|media) (?:tweets?|language|rhetoric|remarks|comments)",
        ],
        "zh": [
            # "the intimidation case" is the offence a court tries: a prosecution, not a new threat
            r"恐嚇(?![^。，]{0,6}?[案罪])",
            # "constitutes a threat", "threatens autonomy / national security": no one is menaced
            r"威脅(?<!構成威脅)(?![^。，]{0,6}?[案罪])(?!自治|國家|國安|安全|穩定|香港)",
            r"騷擾(?![^。，]{0,6}?[案罪])",
            # doxxing named as a topic ("the doxxing issue") menaces no one
            r"起底(?!問題|罪|案)",
            r"監視",
            r"跟蹤",
            r"抹黑",
            r"施壓",
            r"白色恐怖",
            r"點名[^。]{0,8}(?:批評|指責|譴責|抨擊)",
            r"不點名[^。]{0,8}(?:批評|指責|譴責|抨擊)",
            r"(?:批評|指責|抨擊)[^。]{0,20}(?:煽動|散播仇恨|抹黑|假新聞|港獨)",
            r"毒瘤",
            # an official accusing a named press body or outlet ("指控香港記者協會…")
            r"(?:指控|指責|抨擊|攻擊)[^。，]{0,8}(?:記者協會|記協|傳媒|記者|報館|報社|媒體)",
            # a named outlet condemned or singled out ("譴責《立場新聞》報道失實")
            r"(?:譴責|抨擊|指責|點名|狠批|斥)《[^》]{1,12}》",
            r"警告[^。]{0,10}(?:傳媒|記者|市民|員工|唔好)",
            r"警告[^。]{0,6}(?:不[能得准可要]|切勿|勿)",
            r"滋擾",
            # a warning that refusing will cost something ("不解散將有後果")
            r"(?:將|會)有後果|後果自負",
        ],
    },
    "assault": {
        "en": [
            r"assault(?:ed|ing|s)?",
            r"attack(?:ed|ing)",
            r"punch(?:ed|es|ing)",
            r"shov(?:ed|e|ing)",
            r"push(?:ed)? (?:to the ground|him|her|them)",
            r"beat(?:en|ing)",
            r"pepper[- ]?spray(?:ed)?",
            r"pepper[- ]?balls?",
            r"tear gas",
            r"rubber bullets?",
            r"foam rounds?",
            r"projectiles?",
            r"(?:struck|hit) (?:by|with|in)",
            r"thrown to (?:the )?ground",
            r"tackled",
            r"kick(?:ed|ing)",
            r"(?:was|were) (?:injured|wounded|killed)",
            r"killed in (?:\w+ )?(?:clashes|protests|unrest|crackdown)",
            r"(?:protesters|demonstrators|journalists|reporters|activists) (?:killed|shot dead)",
            r"(?:broke|breaks|smashed|destroyed) (?:his |her |their |the )?(?:camera|equipment)",
            r"grabbed",
        ],
        "zh": [
            r"襲擊(?![案罪])",
            r"毆打(?![案罪])",
            r"遇襲",
            r"被打",
            r"胡椒噴霧",
            r"胡椒球",
            r"催淚[彈煙]",
            r"布袋彈",
            r"橡膠子彈",
            r"推撞",
            r"打傷",
            r"鐵鎚",
            r"潑糞(?!案)",
            r"潑漆(?!案)",
            r"撞倒",
            r"[遭被][^。]{0,4}(?:襲擊|毆打|推倒|撞倒|打傷)",
        ],
    },
    "legal_order": {
        "en": [
            r"subpoena(?:ed|s)?",
            # an order about journalistic material: hand it over, or destroy the copies one holds
            r"(?:court|judge) order(?:ed|s)? [^.]{0,80}?"
            r"(?:hand over|turn over|produce|disclose|destroy|return)",
            r"(?:demand|request)(?:ed|s)? (?:for )?[^.]{0,30}"
            r"(?:information|records|documents|user data|membership|data)",
            r"requests? for user data",
            r"ordered to (?:provide|hand over|turn over|disclose|produce|testify)",
            r"testify",
            r"grand jury",
            r"production order",
            r"foreign agents?",
            r"notice under",
            r"demanded (?:that )?(?:it|they|the group) (?:hand|provide|submit)",
        ],
        "zh": [
            r"交出[^。]{0,10}資料",
            r"交資料(?:要求)?",
            r"提交[^。]{0,10}資料",
            r"交代[^。]{0,6}資料",
            r"索取[^。]{0,10}資料",
            r"提供[^。]{0,10}資料",
            r"要求[^。]{0,20}交出",
            r"外國代理人",
            r"傳召",
            # a notice of objection to a march or rally is a ban (censorship), not an order for data
            r"通知書(?<!反對通知書)",
            r"法庭命令",
            r"第43條",
            r"宣誓[^。]{0,10}(?:無效|未獲|不獲|不接納|未過關|被DQ|資格)",
            r"(?:無效|不獲接納)[^。]{0,6}宣誓",
            r"取消[^。]{0,6}資格",
            r"DQ",
        ],
    },
    "corporate_response": {
        "en": [
            r"paus(?:e|ed|es|ing) (?:the )?processing",
            r"(?:stop|stopped|suspend|suspended|halt|halted) (?:processing|responding to|cooperat)",
            r"requests? for user data",
            r"withdr(?:ew|aw|awn|aws) (?:from )?(?:the )?(?:city's |hong kong )?app stores?",
            r"(?:leave|leaves|exit|exits|pull out of|pulls out of) "
            r"(?:the )?(?:city|hong kong) market",
            r"shut (?:down )?(?:its |their )?servers",
            r"servers? in hong kong",
            r"(?:public(?:ly)? )?(?:support|back)(?:ed|s|ing)? "
            r"(?:for |of )?(?:the |a )?(?:national )?security law",
            r"investors? (?:raised|urged|engaged|said|called|wrote)",
            # investor engagement: an asset manager questioning a bank's backing of the law
            r"(?:asset|fund|investment) managers? [^.]{0,60}?(?:concerns?|engag\w+|questions?)",
            r"rais(?:e|es|ed|ing) concerns? (?:over|about) [^.]{0,40}?(?:support|backing)",
            # a company giving part of its takings to the city's civil society
            r"donat(?:e|es|ed|ing) [^.]{0,40}?(?:revenue|proceeds|profits|sales|"
            r"to (?:local )?(?:civil rights|human rights|pro-democracy) (?:groups|organi[sz]ations))",
            r"shareholders? (?:raised|urged|engaged|said|called|wrote)",
            r"comply with (?:the )?(?:request|order|law)",
            r"transparency report",
            r"(?:company|firm|bank|platform|provider|app) (?:said|says|announced|confirmed|will)",
            r"vpn (?:provider|service|compan)\w*",
            # a supplier halting sales of equipment (tear gas, phone-cracking tools) to the police
            r"(?:does|do|did|will) not sell|stop(?:s|ped)? (?:selling|exporting|supplying)",
            r"(?:halt|suspend)(?:s|ed)? (?:sales|exports|shipments)",
        ],
        "zh": [
            r"(?:公司|企業|銀行|平台|商會|集團)[^。]{0,12}(?:暫停|撤出|停止|支持國安法|撐國安法|撤離)",
            r"暫停處理",
            r"撤出香港市場",
            r"關閉[^。]{0,6}門市",
            r"(?:[匯滙]豐|渣打|蘋果公司|apple|google|facebook|twitter|tiktok|騰訊|微軟)[^。]{0,10}"
            r"(?:暫停|撤出|停止|支持|配合|交出|下架|關閉|移除|凍結)",
            r"數據中心",
            r"伺服器",
            r"用戶資料",
        ],
    },
    "government_response": {
        "en": [
            r"sanction(?:s|ed|ing)?",
            r"joint statement",
            r"visa bans?",
            r"pathway to (?:citizenship|residency|settlement)",
            r"(?:bn\(o\)|bno) (?:visa|passport|holders|route)",
            r"extradition treat(?:y|ies)",
            r"un (?:human rights )?experts",
            r"(?:united nations|un) (?:special rapporteurs?|human rights)",
            r"foreign ministers?",
            r"state department",
            r"(?:us|u\.s\.|uk|british|american|eu|european|canadian|australian|german|japanese) "
            r"(?:government|officials?|ministers?|lawmakers|senators|congress)",
            r"executive order",
            r"g7",
            r"five eyes",
            r"secretary of state|foreign secretary",
        ],
        "zh": [
            # a call for sanctions (要求外國制裁) is not a measure taken by a government
            # Beijing's counter-sanctions answer foreign ones: they are not a foreign response
            r"制裁(?<!要求制裁)(?<!呼籲制裁)(?<!促請制裁)(?<!游說制裁)(?<!要求外國制裁)"
            r"(?<!呼籲外國制裁)(?<!游說外國制裁)(?<!中國制裁)(?<!中方制裁)(?<!北京制裁)(?<!反制裁)",
            r"聯合聲明",
            # the BNO route, not a person who holds the passport ("持BNO", "沒有BNO")
            r"BNO(?<![持有]BNO)",
            r"移民途徑",
            r"引渡條約",
            r"聯合國[^。]{0,6}(?:專家|人權|特別報告員)",
            r"外長",
            r"(?:美國|英國|歐盟|加拿大|澳洲|德國|日本|台灣|七國集團)[^。]{0,6}"
            r"(?:政府|國務院|外交部|國會|議會|總統|首相|外相|國務卿|官員|發言人)",
            r"國務院[^。]{0,4}發言人",
            r"(?:台灣|美國|英國|加拿大|澳洲|日本|德國)[^。，]{0,4}"
            r"(?:文化部|內政部|司法部|商務部|財政部|國防部|移民部)",
            r"國務卿",
            r"行政命令",
            r"G7",
            r"五眼",
            r"拜登",
            r"特朗普",
            r"約翰遜",
            r"[外國多]國[^。]{0,4}(?:抨擊|譴責|批評|聲明)",
            r"國際[^。]{0,4}(?:譴責|批評)",
            r"歐洲議會",
        ],
    },
    "legislation": {
        "en": [
            r"bill",
            r"(?:law|ordinance|legislation|rules?|regulations?) "
            r"(?:was |were |is )?(?:passed|enacted|adopted|approved|amended|took effect|"
            r"comes? into force|came into force|takes effect|introduced|proposed|promulgated)",
            r"(?:pass|passed|enact|enacted|adopt|adopted|impose|imposed|introduce|introduced|propose|"
            r"proposed|amend|amended) (?:a |the |new )?(?:national security )?(?:law|ordinance|"
            r"legislation|bill|rules|regulations)",
            r"new rules",
            r"electoral (?:overhaul|changes|reform)",
            r"overhaul of (?:the )?(?:city's )?elect",
            r"article 23",
            r"legislat(?:ure|ive council) (?:considers|passed|voted)",
        ],
        "zh": [
            # the law itself must be the news (tabled, read, passed, gazetted, in force, amended):
            # a passing mention of a law already in force is background
            r"立法會?[^。]{0,4}(?:通過|[首二三]讀)",
            r"[首二三]讀",
            r"刊憲",
            r"修例(?<!反修例)",
            r"修[訂改][^。]{0,10}(?:條例|法|制度|規定|通例|指引|規例)",
            r"(?:修改|完善|改革|改寫|重塑|改變)[^。]{0,8}選舉制度",
            r"條例草案",
            r"草案",
            r"(?:通過|生效|刊憲|頒布|頒佈|提交|制定|訂立)[^。]{0,6}(?:條例|法例|規例|新規|新法|措施)",
            r"(?:條例|法例|規例|新規|新法)[^。]{0,6}(?:通過|生效|刊憲|頒布|頒佈)",
            r"人大常委[^。]{0,10}(?:通過|決定)",
            r"23條[^。]{0,6}(?:草案|諮詢|刊憲)",
            r"新措施",
            r"宣誓(?:安排|要求|規定)",
            r"新指引",
        ],
    },
}

#: Words that put an event in the press-freedom world: its targets, its laws, its settings.
CONTEXT: dict[str, list[str]] = {
    "en": [
        r"journalists?",
        r"reporters?",
        r"photojournalists?",
        r"photographers?",
        r"correspondents?",
        r"(?:the )?press",
        r"media",
        r"newspapers?",
        r"news (?:outlet|site|organi[sz]ation|crew|station|channel)s?",
        r"outlets?",
        r"editors?",
        r"editorial",
        r"publishers?",
        r"broadcasters?",
        r"(?:radio|tv|television) (?:host|station|reporter)",
        r"filming|livestream\w*|documenting|covering",
        r"camera",
        r"activists?",
        r"protest(?:s|ers?)?",
        r"demonstrat(?:ors?|ions?)",
        r"dissidents?",
        r"lawmakers?",
        r"congress(?:wo)?m[ae]n|senators?|rep\. [a-z]",
        r"pro-democracy",
        r"democrats",
        r"opposition",
        r"national security",
        r"security law",
        r"sedition|seditious",
        r"subversion",
        r"secession",
        r"collu(?:sion|ding)",
        r"free(?:dom of)? (?:speech|expression|the press|assembly|association)",
        r"press freedom",
        r"first amendment",
        r"unions?",
        r"ngos?",
        r"human rights",
        r"vigil",
        r"leak(?:ed|ing|s)?",
        r"whistleblower",
        r"apple daily|stand news|citizen news|rthk",
        r"anchor(?:s|man|woman)?|(?:talk[- ]show|radio|tv) hosts?|news networks?",
        r"wikileaks",
        r"user data",
        r"hong kong",
        r"authors?|writers?|artists?|books?",
        r"student (?:union|group)s?",
        # news agencies and mastheads named without the word "newspaper"
        r"associated press|reuters|afp|\bap\b|[a-z]+-journal|washington post|"
        r"(?:new york|los angeles|financial) times",
    ],
    "zh": [
        # a press conference (記者會) or press release (新聞稿) is how news is announced, not a target
        r"記者(?!會|招待會)",
        r"傳媒",
        r"媒體",
        r"新聞(?!稿|處|公報|發佈|發布|發言人)",
        r"報章",
        r"報社",
        r"報館",
        r"編輯",
        r"社長",
        r"出版",
        r"國安",
        r"國家安全",
        r"煽動",
        r"煽惑",
        r"顛覆",
        r"分裂國家",
        r"勾結",
        r"外國勢力",
        r"示威",
        r"遊行",
        r"集會",
        r"集結",
        r"抗議",
        r"民主",
        r"社運",
        r"議員",
        r"立法會",
        r"工會",
        r"支聯會",
        r"教協",
        r"學生會",
        r"記協",
        r"言論自由",
        r"新聞自由",
        r"暴動",
        r"反修例",
        r"反送中",
        r"六四",
        r"光時",
        r"光復香港",
        r"港獨",
        r"初選",
        r"蘋果日報",
        r"紐時|紐約時報|華爾街日報|金融時報|路透社?|彭博|法新社|美聯社|bbc|cnn|德國之聲|自由亞洲電台",
        r"《蘋果》",
        r"壹傳媒",
        r"立場新聞",
        r"《立場》",
        r"港台",
        r"香港電台",
        r"眾新聞",
        r"社民連",
        r"民陣",
        r"公民黨",
        r"民主黨",
        r"人權",
        r"異見",
        r"政治",
        r"手足",
        r"帖文",
        r"文章",
        r"節目",
        r"書[籍展店刊商]|圖書|新書|禁書|出版社",
        r"團體",
        r"組織",
        r"維權",
        r"律師",
        r"悼念",
        r"打壓",
        r"白色恐怖",
        r"23條",
        # the British National (Overseas) route opened in answer to the security law
        r"BNO",
    ],
}

#: Words of ordinary crime: arrests in these stories are not press-freedom incidents.
CRIME: dict[str, list[str]] = {
    "en": [
        r"drugs?",
        r"cocaine|heroin|meth(?:amphetamine)?|fentanyl|narcotics?|cannabis",
        r"scams?|scammers?",
        r"fraud(?:ulent|sters?)?",
        r"murder(?:ed|er|s)?",
        r"homicide",
        r"stabb(?:ed|ing)",
        r"robber(?:y|ies)",
        r"burglar(?:y|ies)",
        r"theft|stole|stolen",
        r"smuggl(?:ing|ed|ers?)",
        r"traffick(?:ing|ed|ers?)",
        r"(?:dangerous|drunk|reckless) driving",
        r"dui",
        r"rape|sexual(?:ly)? (?:assault|abuse)",
        r"kidnapp(?:ing|ed|er)",
        r"shooter|gunman|shooting",
        r"money laundering",
        r"embezzl\w+",
        r"bribe(?:ry|s)?",
        r"gambling",
        r"domestic violence",
    ],
    "zh": [
        r"毒品",
        r"販毒",
        r"大麻",
        r"可卡因",
        r"冰毒",
        r"詐騙",
        r"欺詐",
        r"騙案",
        r"騙徒",
        r"電話騙",
        r"網上騙",
        r"謀殺",
        r"兇殺",
        r"劫案",
        r"行劫",
        r"搶劫",
        r"盜竊",
        r"爆竊",
        r"偷竊",
        r"店舖盜竊",
        r"走私",
        r"非禮",
        r"猥褻",
        r"強姦",
        r"醉駕",
        r"危險駕駛",
        r"車禍",
        r"交通意外",
        r"賭博",
        r"非法賭",
        r"貪污",
        r"賄賂",
        r"收受利益",
        r"廉署",
        r"家暴",
        r"虐兒",
        r"偷拍",
        r"性侵|性騷擾|胸臀|觸[摸碰][^。，]{0,8}(?:女童|女子|男童|敏感部位|胸)",
        r"假冒",
        r"黑社會",
        r"三合會",
        r"高利貸",
        r"洗黑錢",
        r"傷人",
        r"兇手",
        r"命案",
    ],
}

#: What makes a crime in a headline a press-freedom matter: the security law, sedition, protest,
#: the press. A headline naming a crime (fraud, indecent assault) and none of these reports
#: ordinary crime, even when the accused is a politician (TAXONOMY: not relevant).
FREEDOM_TITLE: dict[str, list[str]] = {
    "en": [
        r"journalists?|reporters?|photographers?|press|media|newspapers?|news outlets?|editors?",
        r"protest(?:s|ers?)?|activists?|dissidents?|demonstrat\w+",
        r"national security|sedition|seditious|subversion|secession|collusion",
        r"free (?:speech|expression)|freedom of (?:the press|speech|expression)",
    ],
    "zh": [
        r"記者(?!會)|傳媒|媒體|新聞|報館|報社|編輯",
        r"國安|國家安全|煽動|煽惑|顛覆|分裂國家|勾結|外國勢力",
        r"示威|遊行|集會|集結|抗議|暴動|反修例|反送中|六四",
        r"社運|民主派|手足|眾籌|異見|港獨|光時",
        r"蘋果|壹傳媒|立場|支聯會|教協|記協",
    ],
}

#: Signs that a closure was forced: a commercial one (a magazine ending its print run, an app
#: leaving a market for lack of business) is not an incident. A closure counts only in a story
#: with one of these somewhere in it.
PRESSURE: dict[str, list[str]] = {
    "en": [
        r"security law|sedition|crackdown|pressure|arrest\w*|raid\w*|froze|frozen|censor\w*",
        r"press freedom|free(?:dom of)? (?:speech|expression|the press)|authorities|police",
        r"government|political|politics|intimidat\w+|threat\w*",
    ],
    "zh": [
        r"國安|國家安全|打壓|政治|壓力|凍結|拘捕|被捕|搜查|搜捕|清算|白色恐怖|寒蟬",
        r"新聞自由|言論自由|DQ|取消資格|點名|施壓|抹黑|官媒|制裁|當局|政府|警方|威脅|恐嚇",
        r"脅迫|逼迫|迫害|被迫|強迫",
    ],
}

#: Fears and avoidances: background to the rest of their sentence, and what follows them in
#: their clause has not happened (BACKGROUND and UNREAL share them).
_FEARED_ZH = r"免遭|以免|避免|防止|擔心|憂慮|憂心|恐怕|一旦"
#: A charge named in court, shared by CHARGE_SENTENCE and ORDER_CHARGE.
_CHARGED_EN = (
    r"(?:charged with|convicted of|pleaded guilty to|pleads guilty to|found guilty of|"
    r"sentenced for|counts? of)"
)

#: Cues that a sentence recalls the past rather than reporting something new.
BACKGROUND: dict[str, list[str]] = {
    "en": [
        r"since (?:the|its|it|then|20\d\d|19\d\d)",
        r"last (?:year|month)",
        r"in (?:19|20)\d\d,",
        r"previously",
        r"earlier this year",
        r"(?:has|have) been (?:arrested|charged|jailed)",
        r"so far",
        r"at least \d+ (?:journalists|people|activists)",
        r"a (?:series|string|wave) of",
        r"(?:the|a) (?:crackdown|clampdown)",
        r"ha(?:s|d|ve) (?:also )?(?:been|seen)",
        r"years? ago",
        # a tally of many incidents, or what set off the protests, is background to this one
        r"(?:is|are|has been|have been) (?:also )?(?:documenting|tracking)",
        r"sparked by",
    ],
    "zh": [
        r"早前",
        # "早於6月已下架": already done back then
        r"早於(?<!不早於)",
        r"去年",
        r"此前",
        r"先前",
        r"曾經",
        r"以來",
        r"至今",
        r"過去[^。]{0,4}(?:年|月)",
        r"年前",
        r"自[^。]{0,10}(?:實施|生效|以後|之後)",
        r"繼[^。]{0,20}後",
        r"當年",
        r"回顧",
        r"前年",
        r"上年",
        # a person named by an earlier case: "47人案被告", "因初選案被捕但未被控的"
        r"案被告|因[^。，]{0,10}案(?:被|而)",
        # what happens every year or again and again is not this story's news
        r"每年|多年來|屢|一直以來|近年|多次",
        # a fear or an avoidance later in the sentence still colours it (see UNREAL)
        _FEARED_ZH,
    ],
}

#: What someone fears, avoids or proposes has not happened: a trigger after one of these in the
#: same clause does not count ("教授允學生匿名免遭起訴", "倡解散公民黨", "fears of arrest").
UNREAL: dict[str, list[str]] = {
    "en": [
        r"fears? (?:of )?",
        r"(?:could|may|might|would) (?:face|be)",
        r"risks? (?:of )?",
        r"propos(?:e|ed|es|al) to",
        r"calls? (?:on [^.,;]{0,40}? )?to",
        r"should (?:be|have)",
        r"suggest(?:s|ed|ing)?",
    ],
    "zh": [
        _FEARED_ZH,
        r"倡議?|建議|提議|擬議|揚言",
        # a question or a rule of thumb: "會否作出拘捕", "原則上現場拘捕"
        r"會否|是否|可能|或會|原則上",
        # what someone denies ("否認政治審查") is not reported as done
        r"否認(?!控罪|[一二三四五六七八九十兩\d]+項)",
        # the object of a reaction is earlier news ("關注鄒幸彤被控", "促釋放被捕記者"); a
        # group's name ("關注囚權") or a headline tag ("【歐盟關注】") is not a reaction's object
        r"關注(?=[^。，】]{0,12}?[被遭])|(?:促|要求|促請|呼籲)釋放",
    ],
}

#: A measure someone urges a government to take has not been taken: a government-response
#: trigger after one of these in its sentence does not count ("敦促英國…實施制裁").
DEMANDED: dict[str, list[str]] = {
    "en": [
        r"urg(?:e|es|ed|ing)|call(?:s|ed|ing)? (?:on|for)|demand(?:s|ed|ing)?|lobb(?:y|ied|ying)",
    ],
    "zh": [
        r"敦促|促請|呼籲|要求|游說|遊說|促",
    ],
}

#: Cues that a clause reports something happening now ("today", "on Tuesday"): a trigger after
#: one of these is fresh even when an earlier clause of the same sentence recalls the past.
FRESH: dict[str, list[str]] = {
    "en": [
        r"today",
        r"yesterday",
        r"(?:on|this|last) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
        r"this (?:week|morning|afternoon|evening)",
        r"tonight",
    ],
    "zh": [
        r"今[日天早午晚朝]",
        r"近日|近期",
        r"昨[日天晚]",
        r"本周",
        r"上周[一二三四五六日]?",
        r"周[一二三四五六日]",
        r"星期[一二三四五六日]",
        r"[（(]\d{1,2}日[)）]",
        r"本月\d{1,2}日",
    ],
}

#: A year named in a clause ("in 2019", "2019年"): background when it is before the year the
#: story was published.
YEAR: dict[str, str] = {
    "en": r"\b(?:in|since|during) ((?:19|20)\d\d)\b",
    "zh": r"((?:19|20)\d\d)年",
}

#: A month named in a clause ("6月27日"): background when it is two to six months before the
#: month the story was published (a later month may be next year's hearing or last year's event,
#: so it says nothing). English write-ups name full dates and are left to YEAR.
MONTH: dict[str, str | None] = {
    "en": None,
    "zh": r"(?<![\d年明])(1[0-2]|0?[1-9])月(?!份?以來)",
}

#: Titles of stories that report an opinion poll, a survey or an award rather than an incident
#: (a prize for reporting on an attack is not a new attack).
NON_INCIDENT_TITLE: dict[str, list[str]] = {
    "en": [
        r"polls?",
        r"survey (?:shows|finds|found)",
        r"poll(?:s|ed|ing)? (?:shows|finds|found)",
        r"wins? [^.]{0,40}(?:award|prize)",
        r"(?:awarded|honou?red with) [^.]{0,40}(?:award|prize)",
    ],
    "zh": [
        r"民研",
        r"民調",
        r"民意調查",
        r"民意研究",
        r"滿意度",
        r"調查顯示",
        r"調查發現",
        r"獲頒",
        r"頒獎",
        r"[奪獲得][^。\s]{0,12}獎(?!學)",
    ],
}

#: A charge named in the sentence: an order (a notice to hand over information) named there is
#: the offence being tried ("charged with failing to comply with a notice"), not a new demand.
ORDER_CHARGE: dict[str, list[str]] = {
    "en": [_CHARGED_EN],
    "zh": [
        r"被控|控罪|罪名|認罪|判監|判囚|罪成",
    ],
}

#: A company pausing or refusing the authorities' requests: the requests named there are what the
#: company responds to (a corporate response), not a new order.
ORDER_REFUSED: dict[str, list[str]] = {
    "en": [
        r"(?:paus|stop|suspend|halt|freez)\w* (?:the )?(?:processing|reviewing|responding)",
        r"(?:won't|will not|would not|refus\w+ to) (?:give|hand over|provide|share|comply)",
    ],
    "zh": [
        r"暫停處理|停止處理|拒絕提供|不會提供",
    ],
}

#: A headline tagged with a court case ("【立場新聞案】", "審訊第二日"): the story follows the
#: case, so the acts its headline names are the case's past (court narration, see below).
CASE_TITLE: dict[str, list[str]] = {
    "en": [],
    "zh": [
        _CASE_TAG_ZH,
        r"審訊第[一二三四五六七八九十\d]+[日天]",
    ],
}

#: A court hearing recounting the case: the acts a witness or a lawyer describes are the case's
#: past, and the hearing itself (a prosecution) is the new development. The judge's own words are
#: left out: a ruling (reporting restrictions, say) can be news of another type.
COURT_NARRATION: dict[str, list[str]] = {
    "en": [
        r"testif(?:y|ied|ies)",
        r"(?:prosecutors?|prosecution|defen[cs]e) (?:said|told|argued|alleged)",
        r"(?:court|charging) (?:documents|papers|records)",
        r"(?:criminal )?complaint (?:said|says|alleges|alleged)",
        r"affidavit",
        r"cross-examin\w+",
    ],
    "zh": [
        r"控方",
        r"辯方",
        r"作供",
        r"供稱",
        r"證人",
        r"庭上",
        r"呈堂",
        r"盤問",
        r"案情",
    ],
}

#: Bylines and footers of opinion columns and blogs: TAXONOMY counts opinion that discusses known
#: events as not relevant. Matched on the title, the first 200 and the last 600 characters.
OPINION: dict[str, list[str]] = {
    "en": [
        r"^(?:opinion|comment|commentary|op-ed|editorial|analysis)\s*[:|]",
        r"\bop-ed\b",
        r"the views expressed (?:here |in this (?:article|piece) )?are (?:the author's|those of)",
    ],
    "zh": [
        r"博客\s*[|｜]",
        r"【撰文[：:]",
        r"作者臉書",
        r"本文原刊",
        r"文章(?:僅|只)?代表作者",
        r"(?:專欄|評論)\s*[|｜]",
    ],
}


#: An arrest of the person who threatened or attacked a journalist (or activist): the incident is
#: the threat or the assault, and the arrest of the assailant is not an arrest of a target.
PERPETRATOR_ARREST: dict[str, list[str]] = {
    "en": [
        r"(?:arrest|detain|apprehend|book)\w*[^.]{0,120}?"
        r"(?:after|for|over|on suspicion of|in connection with|accused of|who)\b[^.]{0,40}?"
        r"(?:threat|assault|attack|harass|stalk|punch|intimidat|menac|altercation|scuffl)\w*"
        r"[^.]{0,80}?"
        r"(?:journalists?|reporters?|anchors?|photographers?|photojournalists?|newsrooms?|news|"
        r"editors?|hosts?|crews?|media|press|outlets?|newspapers?|activists?|protesters?|"
        r"employees|staff)",
        r"(?:man|woman|men|suspects?|assailants?|attackers?) (?:who|accused of|suspected of) "
        r"[^.]{0,60}?(?:threat|assault|attack|harass|punch)\w*[^.]{0,60}?"
        r"(?:arrest|detain|apprehend)\w*",
    ],
    "zh": [
        r"(?:襲擊|毆打|恐嚇|威脅|騷擾|推撞|淋|潑|刺傷|打傷|襲)[^。，]{0,10}"
        r"(?:記者|攝影師|攝記|主持|編輯|社長|報館|報社|議員|社運人士|示威者|市民)[^。]{0,40}?"
        r"(?:被捕|拘捕|被拘|拘[一二三四五六七八九十兩數多\d]+[名人]|落網)",
        r"(?:被捕|拘捕|被拘|落網)[^。]{0,30}?涉嫌?[^。]{0,6}?"
        r"(?:襲擊|毆打|恐嚇|威脅|騷擾|推撞|刺傷|打傷)[^。，]{0,10}"
        r"(?:記者|攝影師|攝記|主持|編輯|社長|報館|報社|議員|社運人士|示威者|市民)",
    ],
}


#: A charge, a case or a verdict named in court: "charged with assault", "the intimidation case".
#: A threat or an assault named there is the offence being tried, not a new threat or attack.
CHARGE_SENTENCE: dict[str, list[str]] = {
    "en": [
        _CHARGED_EN,
        r"acquitted of",
    ],
    # Chinese reports name the offence and the incident in the same breath ("被控襲擊記者"): only
    # a charge that names no press or protest victim, or an attack on the police, is dropped.
    "zh": [
        r"(?:被控|控以|控告|罪名)[^。，]{0,10}(?:襲擊|毆打|襲警)"
        r"(?![^。，]{0,8}(?:記者|攝|傳媒|示威者|議員|社運|市民))",
        r"襲警",
        r"警[員察方]?[^。，]{0,6}(?:遇襲|被[人打襲毆])",
    ],
}
