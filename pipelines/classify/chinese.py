"""Traditional-to-Simplified folding, so one lexicon serves both scripts.

Folding is character for character, so offsets in the folded text are offsets in the original:
matches found on folded text map straight back to the original sentences for evidence.
"""

from __future__ import annotations

_PAIRS = (
    "訴诉還还審审訊讯監监認认聽听證证凍冻結结資资產产國国動动處处條条記记傳传體体聞闻報报編编輯辑"
    "議议員员會会聯联協协學学亂乱顛颠勢势遊游爭争運运權权黨党團团刪删鎖锁簽签續续絕绝嚇吓脅胁騷骚"
    "擾扰視视蹤踪擊击毆殴傷伤噴喷霧雾彈弹聲声專专際际歐欧訂订實实憲宪選选舉举營营業业閉闭關关盤盘"
    "後后離离遷迁門门號号網网絡络頁页書书圖图館馆節节電电臺台廣广懸悬紅红賞赏緝缉帶带獲获釋释準准"
    "頒颁佈布雜杂誌志應应對对於于與与為为這这個个們们來来時时間间開开發发長长東东萬万說说話话將将"
    "區区華华軍军務务衛卫論论紙纸稱称過过讓让羈羁獄狱罰罚錢钱詐诈騙骗販贩謀谋殺杀盜盗竊窃駕驾駛驶"
    "車车禍祸褻亵強强姦奸藥药賭赌貨货幣币鬥斗復复興兴鐵铁鎚锤糞粪邊边內内陸陆灣湾蘋苹廳厅師师級级"
    "導导領领隊队組组織织機机構构職职錄录參参質质詢询問问題题據据達达終终歸归擴扩張张鄉乡歷历變变"
    "現现環环舊旧屆届滅灭戰战陣阵線线紀纪統统連连鎮镇壓压壞坏鬆松點点誡诫請请願愿僅仅奪夺撥拨廢废"
    "層层總总額额戶户帳帐賬账銀银優优儲储檢检驗验險险揚扬執执屬属圍围衝冲鐘钟搶抢喪丧禮礼燈灯燭烛"
    "園园維维撐撑傘伞標标語语貼贴橫横戲戏劇剧讀读藝艺術术獨独創创辦办載载轉转閱阅銷销辭辞遞递負负"
    "責责濟济籌筹贈赠償偿擔担緊紧態态規规則则頭头親亲屬属詳详細细該该們们並并從从兩两讓让無无愛爱"
    "護护壇坛錯错誤误稅税購购價价廠厂撲扑禦御擬拟罷罢黃黄藍蓝搗捣嚴严寬宽衆众眾众傑杰豐丰鄧邓鄭郑"
    "劉刘陳陈黎黎黃黄楊杨趙赵錢钱孫孙馬马許许蘇苏盧卢羅罗譚谭葉叶餘余鍾钟龍龙鳳凤雲云譴谴責责聯联"
    "調调劃划約约儘尽處处傳传宣宣佈布銷销刊刊場场啟启顧顾靜静護护衛卫籲吁辯辩訟讼敗败勝胜贏赢輸输"
    "虛虚認认識识憑凭寫写彙汇總总匯汇豈岂鎊镑獎奖勵励縣县鬧闹廈厦熱热築筑鎗枪槍枪礙碍礦矿緣缘纜缆"
    "漢汉煙烟飯饭鏡镜顯显證证徵征懲惩戒戒罪罪囚囚禁禁誓誓廉廉政政涉涉嫌嫌"
)

TRAD_TO_SIMP: dict[int, int] = {
    ord(_PAIRS[i]): ord(_PAIRS[i + 1]) for i in range(0, len(_PAIRS), 2)
}

#: Characters that only occur in Traditional script (used to tell the scripts apart).
TRADITIONAL_ONLY = frozenset(chr(k) for k, v in TRAD_TO_SIMP.items() if k != v)
#: Characters that only occur in Simplified script.
SIMPLIFIED_ONLY = frozenset(chr(v) for k, v in TRAD_TO_SIMP.items() if k != v) - TRADITIONAL_ONLY


_FOLD_AND_LOWER = {**TRAD_TO_SIMP, **{c: c + 32 for c in range(ord("A"), ord("Z") + 1)}}


def fold(text: str) -> str:
    """Map Traditional characters to Simplified, keeping length and offsets."""
    return text.translate(TRAD_TO_SIMP)


def fold_lower(text: str) -> str:
    """fold() plus ASCII lower-casing, still offset-preserving: the form every pattern matches."""
    return text.translate(_FOLD_AND_LOWER)
