"""Group stories into incidents: pure functions over Story + Label, no database.

An incident is one occurrence (one action by one actor against the same targets at one time).
A story is split into *mentions*, one per group of types it reports (a raid with arrests is one
mention; the charges in the same story are another), and each mention joins the most similar
open incident of its group near its date, or starts a new one. Mentions are processed in date
order, so the first report of an incident is the mention that created it, and the incident id,
derived from that first story and the group, is the same on every run over the same stories.

Similarity is TF-IDF cosine over character bigrams (Chinese has no spaces) and Latin words of the
title and lead, plus a bonus for shared targets; candidates are blocked by type group and a date
window, which keeps the work near-linear in the number of stories.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from pipelines.classify.details import find_laws
from pipelines.models import Label, Story

#: Types that belong to one occurrence when one story reports them together. A raid in which
#: people are arrested is one incident (TAXONOMY.md); the charges that follow are another.
TYPE_GROUPS: dict[str, str] = {
    "arrest": "enforcement",
    "raid": "enforcement",
    "legal_order": "enforcement",
    "assault": "assault",
    "prosecution": "prosecution",
    "closure": "closure",
    "censorship": "censorship",
    "threat": "threat",
    "corporate_response": "corporate_response",
    "government_response": "government_response",
    "legislation": "legislation",
}
#: Group of a relevant story whose label carries no type: it may join any group's incident.
ANY_GROUP = "any"

#: Stages of an occurrence within a group: an arrest, the search of premises and the charges,
#: the court appearance and the verdict that follow are distinct occurrences even when they
#: concern the same people on neighbouring days. Keywords in Chinese and English.
STAGES: dict[str, dict[str, tuple[str, ...]]] = {
    "enforcement": {
        "arrest": (
            "被捕",
            "拘",
            "搜捕",
            "扣查",
            "通緝",
            "懸紅",
            "arrest",
            "detain",
            "detention",
            "warrant",
        ),
        "search": (
            "搜查",
            "搜館",
            "搜屋",
            "入屋搜",
            "檢走",
            "凍結",
            "查封",
            "search",
            "raid",
            "seiz",
            "froze",
            "freez",
        ),
        "order": (
            "提交令",
            "出示令",
            "要求提供",
            "索取",
            "去信",
            "發信",
            "production order",
            "subpoena",
            "request for",
            "demand",
        ),
    },
    "prosecution": {
        "charge": ("落案", "被控", "控告", "起訴", "檢控", "控以", "charged", "indict", "prosecut"),
        "court": (
            "提堂",
            "上庭",
            "應訊",
            "保釋",
            "還押",
            "還柙",
            "扣柙",
            "聆訊",
            "開庭",
            "審訊",
            "認罪",
            "裁判官",
            "法官",
            "庭上",
            "hearing",
            "bail",
            "remand",
            "plead",
            "trial",
            "court appearance",
            "magistrate",
            "judge",
        ),
        "verdict": (
            "罪成",
            "判囚",
            "被判",
            "判刑",
            "裁定",
            "定罪",
            "無罪",
            "上訴",
            "convicted",
            "sentenced",
            "jailed",
            "acquitted",
            "guilty verdict",
            "appeal",
        ),
    },
}
#: Stages that one occurrence can combine: a search in which people are arrested is one raid.
KINDRED_STAGES: dict[str, frozenset[str]] = {
    "arrest": frozenset({"arrest", "search"}),
    "search": frozenset({"arrest", "search"}),
}
#: The offence or law named for an occurrence: one action under one charge.
CHARGES: dict[str, tuple[str, ...]] = {
    "subversion": ("顛覆", "subversion", "subvert"),
    "secession": ("分裂國家", "分裂", "secession", "secessionism"),
    "collusion": ("勾結", "collusion", "colluding", "foreign forces"),
    "terrorism": ("恐怖", "terroris"),
    "sedition": ("煽動刊物", "煽動文字", "煽動罪", "seditio"),
    "information": (
        "拒交資料",
        "提供資料",
        "沒有遵從",
        "交資料",
        "information notice",
        "provide information",
        "foreign agent",
        "外國代理人",
    ),
    "assembly": (
        "非法集結",
        "非法集會",
        "未經批准集結",
        "unlawful assembly",
        "unauthorised assembly",
        "unauthorized assembly",
    ),
    "fraud": ("欺詐", "詐騙", "fraud"),
}
#: Groups whose occurrences are told apart by stage and charge.
STAGED_GROUPS = frozenset(STAGES)

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[a-z0-9][a-z0-9'\-]+")
_BRACKETED = re.compile(r"【[^】]*】|\[[^\]]*\]")
_MARKUP = re.compile(r"!?\[[^\]]*\]\([^)]*\)|<[^>]+>|[#*_>|]+")
_STOP = frozenset(
    "the and for with that this from are was were has have had its his her their will would "
    "said says after over into about more than not but who which been also they them what when "
    "hong kong".split()
)


@dataclass
class Params:
    """Tuning of the grouping; defaults were chosen on the dev windows, not per event."""

    window_days: int = 2
    threshold: float = 0.20
    title_weight: float = 2.0
    lead_chars: int = 1000
    max_terms: int = 2000
    target_bonus: float = 0.10
    type_bonus: float = 0.05
    day_bonus: float = 0.10
    max_members_compared: int = 30
    single_link: float = 0.0
    secondary_penalty: float = 0.0
    #: Mentions whose stage (arrest, search, charge, court, verdict) or charge disagrees with
    #: an incident's cannot join it.
    stage_gate: bool = True
    charge_gate: bool = True
    #: Staged mentions more than this many days from every member of an incident cannot join.
    staged_max_gap: int = 1
    #: Extra similarity a staged mention that names no stage needs to join a staged incident.
    unstaged_penalty: float = 0.0
    #: Characters of the story's first paragraph read for further stages (an arrest reported
    #: beside the charges, the charges beside the court appearance); 0 turns this off.
    lead_stage_chars: int = 150
    #: Characters of the story read for the passage of a named law; 0 turns law mentions off.
    passage_chars: int = 600
    #: A story not typed legislation reports a law's passage only when it is about the law:
    #: names of the law and references to its articles per 1,000 characters of text.
    law_density: float = 7.0


@dataclass
class Mention:
    """One story's report of one group of types."""

    story_id: str
    group: str
    types: list[str]
    day: date | None
    source: str
    vec: dict[str, float]
    targets: frozenset[str]
    order: tuple[str, str]
    primary: bool = True
    stages: frozenset[str] = frozenset()
    charges: frozenset[str] = frozenset()
    #: False for an action read from the lead beside the story's own news: it joins the
    #: incident it matches but never founds one.
    founds: bool = True
    #: The laws whose passage a story about them reports: such a mention joins the passage's
    #: incident only within a day of it.
    laws: frozenset[str] = frozenset()


@dataclass
class Cluster:
    """An incident being built: its members and the running centroid used for matching."""

    id: str
    group: str
    first_day: date | None
    last_day: date | None
    members: list[Mention] = field(default_factory=list)
    centroid: dict[str, float] = field(default_factory=dict)
    targets: Counter[str] = field(default_factory=Counter)
    days: set[date] = field(default_factory=set)
    stages: Counter[str] = field(default_factory=Counter)
    charges: Counter[str] = field(default_factory=Counter)


# --- text features -------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    """Character bigrams for CJK runs, words for Latin runs: works for mixed zh/en news."""
    text = _MARKUP.sub(" ", text.lower())
    out: list[str] = []
    for run in _CJK.findall(text):
        if len(run) == 1:
            out.append(run)
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    out.extend(w for w in _LATIN.findall(text) if w not in _STOP)
    return out


def story_terms(story: Story, params: Params) -> Counter[str]:
    """Weighted term counts of title (bracketed series tags kept but down-weighted) and lead."""
    title = story.title or ""
    body = story.text or ""
    if title and body.lstrip("# \n").startswith(title.strip()[:20]):
        body = body.lstrip("# \n")[len(title.strip()) :]
    # Counter() of a token list counts in C; the title's counts are then scaled
    counts: Counter[str] = Counter(tokens(body[: params.lead_chars]))
    counts.update(tokens(" ".join(_BRACKETED.findall(title))))
    for t, n in Counter(tokens(_BRACKETED.sub(" ", title))).items():
        counts[t] += n * params.title_weight
    return counts


class Idf:
    """Inverse document frequencies fitted on a background of stories (relevant or not)."""

    def __init__(self, df: dict[str, int] | None = None, n_docs: int = 0) -> None:
        self.df = df or {}
        self.n_docs = n_docs
        self._cache: dict[str, float] = {}

    @classmethod
    def fit(cls, stories: Iterable[Story], params: Params | None = None) -> Idf:
        params = params or Params()
        return cls.from_terms(story_terms(s, params) for s in stories)

    @classmethod
    def from_terms(cls, term_counts: Iterable[Counter[str]]) -> Idf:
        df: Counter[str] = Counter()
        n = 0
        for counts in term_counts:
            df.update(counts.keys())
            n += 1
        return cls(dict(df), n)

    def weigh(self, terms: Counter[str]) -> dict[str, float]:
        """Sublinear TF times IDF for each term: the vectoriser's inner loop, kept local."""
        cache, df, log, n1 = self._cache, self.df, math.log, self.n_docs + 1
        out: dict[str, float] = {}
        for t, c in terms.items():
            w = cache.get(t)
            if w is None:
                w = cache[t] = log(n1 / (df.get(t, 0) + 1)) + 1.0
            out[t] = (1.0 + log(c)) * w
        return out


def vectorize(
    story: Story, idf: Idf, params: Params, terms: Counter[str] | None = None
) -> dict[str, float]:
    """L2-normalised sublinear TF-IDF, pruned to the strongest terms to bound matching cost."""
    if terms is None:
        terms = story_terms(story, params)
    weights = idf.weigh(terms)
    if len(weights) > params.max_terms:  # sorting only when there is something to cut
        weights = dict(
            sorted(weights.items(), key=lambda kv: kv[1], reverse=True)[: params.max_terms]
        )
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    # the shared terms are few: intersect the keys in C, multiply only those
    return sum(a[t] * b[t] for t in a.keys() & b.keys())


# --- mentions ------------------------------------------------------------------------------


def parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def normalise_name(name: str) -> str:
    return re.sub(r"\W+", "", name.lower())


def incident_day(story: Story, label: Label, max_lag_days: int = 14) -> date | None:
    """The label's day-precise incident date when plausible, else the publication day.

    A date after publication or long before it is more often a background event the story
    mentions than the occurrence it reports, so it is not used for grouping.
    """
    published = parse_day(story.published)
    found = parse_day(label.incident_date) if label.date_precision == "day" else None
    if found and published and 0 <= (published - found).days <= max_lag_days:
        return found
    return published or found


def evidence_position(story: Story, label: Label, types: Sequence[str]) -> int:
    """Where the story first gives evidence for these types: the lead states the main news."""
    body = f"{story.title}\n{story.text}"
    best = len(body) + 1
    for ev in label.evidence:
        if ev.type in types and ev.sentence:
            pos = body.find(ev.sentence.strip()[:40])
            if pos >= 0:
                best = min(best, pos)
    return best


def _matches(text: str, table: dict[str, tuple[str, ...]]) -> set[str]:
    text = text.lower()
    return {key for key, words in table.items() if any(w in text for w in words)}


def occurrence_signature(
    story: Story, label: Label, group: str, types: Sequence[str]
) -> tuple[frozenset[str], frozenset[str], bool]:
    """The stage and charge a mention reports, read from the headline first.

    The headline states the story's occurrence; a series tag in brackets (【…案】) names the case;
    the evidence sentences for the mention's types are the fallback. Only staged groups
    (enforcement, prosecution) get a signature.
    """
    stages_of = STAGES.get(group)
    if stages_of is None:
        return frozenset(), frozenset(), False
    title = story.title or ""
    plain = _BRACKETED.sub(" ", title)
    tags = " ".join(_BRACKETED.findall(title))
    head = title.strip()[:20]
    sentences = " ".join(
        e.sentence
        for e in label.evidence
        if e.type in types and e.sentence and not (head and head in e.sentence)
    )
    stages = _matches(headline_news(story), stages_of)
    in_headline = bool(stages)
    if not stages:
        stages = _matches(sentences, stages_of)
    charges: set[str] = set()
    for text in (plain, tags, sentences):
        charges = _matches(text, CHARGES)
        if charges:
            break
    return frozenset(stages), frozenset(charges), in_headline


_YESTERDAY = re.compile(r"昨|yesterday", re.I)
#: A headline whose subject speaks about an action (condemns, says, urges) reports a reaction,
#: not the action: the action is someone else's occurrence.
_REACTION = re.compile(
    r"稱|斥|批|譴責|促|籲|關注|聲明|表態|回應|condemn|criticis|criticiz|urge|says|said|statement",
    re.I,
)


_SEGMENTS = re.compile(r"[\s\u3000|｜:：;；]+")


def headline_news(story: Story) -> str:
    """The headline without series tags and without the segments that report a reaction."""
    plain = _BRACKETED.sub(" ", story.title or "")
    return " ".join(seg for seg in _SEGMENTS.split(plain) if seg and not _REACTION.search(seg))


def headline_day(story: Story) -> date | None:
    """The day a headline's news happened: publication day, or the day before for "yesterday"."""
    published = parse_day(story.published)
    if published and _YESTERDAY.search(_BRACKETED.sub(" ", story.title or "")):
        return published - timedelta(days=1)
    return published


_DAY_OF_MONTH = re.compile(r"[（(](\d{1,2})日[）)]")
_BEFORE_YESTERDAY = re.compile(r"前日|前天")
_TODAY = re.compile(r"今|today|this morning", re.I)
_SENTENCES = re.compile(r"[。！？!?\n]+")


def sentence_day(sentence: str, published: date | None) -> date | None:
    """The day a lead sentence's event happened, from explicit or relative expressions."""
    if published is None:
        return None
    found = _DAY_OF_MONTH.search(sentence)
    if found:
        day = int(found.group(1))
        if 1 <= day <= published.day:
            return published.replace(day=day)
        return None
    if _BEFORE_YESTERDAY.search(sentence):
        return published - timedelta(days=2)
    if _YESTERDAY.search(sentence):
        return published - timedelta(days=1)
    if _TODAY.search(sentence):
        return published
    return None


def lead_stages(story: Story, chars: int) -> list[tuple[str, str, date | None]]:
    """(group, stage, day) of each staged action the first paragraph reports, in order."""
    if chars <= 0:
        return []
    body = _MARKUP.sub(" ", story.text or "")
    title = (story.title or "").strip()
    at = body.find(title[:20]) if title else -1
    if at >= 0:
        body = body[at + len(title) :]
    published = parse_day(story.published)
    out: list[tuple[str, str, date | None]] = []
    for sentence in _SENTENCES.split(body.strip()[:chars]):
        if not sentence.strip() or _REACTION.search(sentence):
            continue
        day = sentence_day(sentence, published)
        for group, table in STAGES.items():
            for stage in sorted(_matches(sentence, table)):
                if (group, stage) not in {(g, st) for g, st, _ in out}:
                    out.append((group, stage, day))
    return out


_PASSAGE = re.compile(
    r"通過|刊憲|生效|頒[布佈]|實施|passe[sd]|enact|took effect|takes effect|in(?:to)? force|gazett",
    re.I,
)
#: "Since the law took effect", "a year after it was passed": the passage is background.
_SINCE_PASSAGE = re.compile(
    r"(?:通過|生效|實施|頒[布佈]|刊憲)(?:後|以來|至今|細則|[一兩二三四五六七八九十\d]+\s*(?:周年|年|個月))"
    r"|一周年|\bsince\b|anniversary|years? after",
    re.I,
)


_LAW_REFERENCE = re.compile(
    r"國安法|國家安全法|條例|條文|第[\d一二三四五六七八九十百]+條|national security law|"
    r"\bNSL\b|ordinance|\barticle \d+|provisions?",
    re.I,
)


#: A law named by its title in Chinese book-title marks: 《出版管理條例》.
_LAW_TITLE = re.compile(r"《([^》]{2,24}(?:法|條例|規例))》")

#: A headline about a law: its name or the bodies and offences it creates.
_LAW_TOPIC = re.compile(
    r"國安|國家安全|條例|23條|national security|security law|article 23|ordinance|\blaw\b", re.I
)


def about_law(story: Story, min_density: float) -> bool:
    """The story is about a law: its headline names it and its text keeps referring to it."""
    return bool(_LAW_TOPIC.search(story.title or "")) and law_density(story) >= min_density


def law_density(story: Story) -> float:
    """References to a law (its name, its articles) per 1,000 characters of the story."""
    text = story.text or ""
    return 1000 * len(_LAW_REFERENCE.findall(text)) / max(len(text), 1)


def passage_laws(story: Story, chars: int) -> frozenset[str]:
    """Laws whose passage (passed, gazetted, in force) the title or the opening reports.

    On the days a law is passed, the stories that explain it, analyse it or react to it report
    that passage (TAXONOMY.md: a reaction is labelled with what it reacts to), whatever else
    their wording suggests; naming the law lets them join the passage's incident.
    """
    if chars <= 0:
        return frozenset()
    text = f"{story.title or ''}\n{_MARKUP.sub(' ', story.text or '')[:chars]}"
    laws: set[str] = set()
    for sentence in _SENTENCES.split(text):
        if _PASSAGE.search(sentence) and not _SINCE_PASSAGE.search(sentence):
            laws.update(find_laws(sentence))
            laws.update(_LAW_TITLE.findall(sentence))
    return frozenset(laws)


def mentions_of(
    story: Story, label: Label, idf: Idf, params: Params, terms: Counter[str] | None = None
) -> list[Mention]:
    """Split a relevant story into one mention per type group it reports.

    The group evidenced earliest (title, lead) is the story's primary occurrence; the others are
    secondary and must match an incident more closely, since stories often mention other
    occurrences in passing.
    """
    if not label.relevant:
        return []
    groups: dict[str, list[str]] = defaultdict(list)
    for t in label.types:
        groups[TYPE_GROUPS.get(t, t)].append(t)
    if not groups:
        groups[ANY_GROUP] = []
    day = incident_day(story, label)
    vec = vectorize(story, idf, params, terms)
    targets = frozenset(n for n in (normalise_name(t.name) for t in label.targets) if n)
    order = ((story.published or "")[:19], story.id)
    signatures = {g: occurrence_signature(story, label, g, groups[g]) for g in groups}
    staged = [g for g in groups if signatures[g][0]]
    if staged:
        # A staged group that names no action of its own is the same occurrence mis-typed
        # (a charge of failing to comply with a notice read as the notice itself): drop it.
        for g in [g for g in groups if g in STAGED_GROUPS and not signatures[g][0]]:
            del groups[g]
    ranked = sorted(
        groups,
        key=lambda g: (evidence_position(story, label, groups[g]), not signatures[g][2], g),
    )
    out = []
    for i, g in enumerate(ranked):
        stages, charges, in_headline = signatures[g]
        out.append(
            Mention(
                story.id,
                g,
                groups[g],
                headline_day(story) if in_headline else day,
                story.source,
                vec,
                targets,
                order,
                i == 0,
                stages,
                charges,
            )
        )
    laws = passage_laws(story, params.passage_chars) if "legislation" not in groups else None
    if laws and about_law(story, params.law_density):
        # a story about a law being passed also reports the passage: it joins that incident
        out.append(
            Mention(
                story.id,
                "legislation",
                ["legislation"],
                day,
                story.source,
                vec,
                targets,
                order,
                False,
                founds=False,
                laws=laws,
            )
        )
    if any(g in STAGED_GROUPS for g in groups):
        # The first paragraph often reports a second action of the same affair (the arrest
        # behind the charges, the charges behind a court appearance): one more mention each.
        taken = {
            (m.group, kin) for m in out for st in m.stages for kin in KINDRED_STAGES.get(st, (st,))
        }
        charges = next((m.charges for m in out if m.charges), frozenset())
        for g, stage, when in lead_stages(story, params.lead_stage_chars):
            if (g, stage) in taken:
                continue
            taken |= {(g, kin) for kin in KINDRED_STAGES.get(stage, (stage,))}
            out.append(
                Mention(
                    story.id,
                    g,
                    groups.get(g, []),
                    when or day,
                    story.source,
                    vec,
                    targets,
                    order,
                    False,
                    frozenset({stage}),
                    charges,
                    founds=False,
                )
            )
    return out


def incident_id(first_story_id: str, group: str) -> str:
    """Deterministic id: the same first report and group give the same incident on every run."""
    return "inc-" + hashlib.sha1(f"{first_story_id}|{group}".encode()).hexdigest()[:12]


# --- clustering ----------------------------------------------------------------------------


class Clusterer:
    """Incremental leader clustering: each mention joins its best match or founds an incident."""

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or Params()
        self.clusters: dict[str, Cluster] = {}
        self._by_day: dict[tuple[str, date | None], list[str]] = defaultdict(list)
        #: groups with an incident, kept by _attach (recomputing it from every key per
        #: mention made clustering quadratic)
        self._groups: set[str] = set()

    def seed(self, cluster_id: str, mentions: Sequence[Mention]) -> None:
        """Load an existing incident (from the database) so new mentions can join it."""
        for m in mentions:
            self._attach(cluster_id, m)

    def add(self, mention: Mention) -> str | None:
        """Assign one mention; returns the incident id it joined or founded (None: neither)."""
        best_id, best = None, self.params.threshold
        if not mention.primary:
            best += self.params.secondary_penalty
        for cid in self._candidates(mention):
            c = self.clusters[cid]
            s = self.similarity(mention, c)
            if mention.group in STAGED_GROUPS and not mention.stages and c.stages:
                s -= self.params.unstaged_penalty
            if s > best:
                best_id, best = cid, s
        if best_id is None:
            if not mention.founds:
                return None
            best_id = incident_id(mention.story_id, mention.group)
            n = 1
            while best_id in self.clusters:  # same story and group founding twice: rare
                n += 1
                best_id = incident_id(f"{mention.story_id}#{n}", mention.group)
        self._attach(best_id, mention)
        return best_id

    def similarity(self, m: Mention, c: Cluster) -> float:
        if any(x.story_id == m.story_id for x in c.members):
            return 0.0
        if not self.compatible(m, c):
            return 0.0
        score = cosine(m.vec, c.centroid)
        if self.params.single_link > 0:
            recent = c.members[-self.params.max_members_compared :]
            single = max((cosine(m.vec, x.vec) for x in recent), default=0.0)
            score = max(score, self.params.single_link * single)
        if m.targets and any(t in c.targets for t in m.targets):
            score += self.params.target_bonus
        if m.group != ANY_GROUP and m.group == c.group:
            score += self.params.type_bonus
        if m.day is not None and c.days:
            gap = min(abs((m.day - d).days) for d in c.days)
            score += self.params.day_bonus / (1 + gap)
        return score

    def compatible(self, m: Mention, c: Cluster) -> bool:
        """False when the mention's stage or charge contradicts what the incident reports."""
        if self.params.stage_gate and m.stages and c.stages:
            kin = {k for st in m.stages for k in KINDRED_STAGES.get(st, (st,))}
            if not kin & c.stages.keys():
                return False
        if self.params.charge_gate and m.charges and c.charges:
            if not m.charges & c.charges.keys():
                return False
        if m.laws and m.day is not None and c.first_day is not None:
            # an explainer or a reaction follows the law's passage within a day
            if not 0 <= (m.day - c.first_day).days <= self.params.staged_max_gap:
                return False
        if m.stages and c.stages and m.day is not None and c.days:
            if min(abs((m.day - d).days) for d in c.days) > self.params.staged_max_gap:
                return False
        return True

    def _candidates(self, m: Mention) -> list[str]:
        groups = [m.group] if m.group != ANY_GROUP else None
        seen: list[str] = []
        if m.day is None:
            keys = [(g, None) for g in self._groups if (g, None) in self._by_day]
        else:
            w = self.params.window_days
            days = [m.day + timedelta(days=d) for d in range(-w, w + 1)]
            keys = [k for k in self._by_day_keys(days)]
        for key in keys:
            # a typed mention joins only its own group's incidents; an untyped one joins any
            if groups is not None and key[0] != m.group:
                continue
            for cid in self._by_day[key]:
                if cid not in seen:
                    seen.append(cid)
        return seen

    def _by_day_keys(self, days: list[date]) -> Iterable[tuple[str, date | None]]:
        wanted = set(days)
        for g in self._groups:
            for d in wanted:
                if (g, d) in self._by_day:
                    yield (g, d)

    def _attach(self, cid: str, m: Mention) -> None:
        c = self.clusters.get(cid)
        if c is None:
            c = self.clusters[cid] = Cluster(cid, m.group, m.day, m.day)
        elif c.group == ANY_GROUP and m.group != ANY_GROUP:
            c.group = m.group
        c.members.append(m)
        n = len(c.members)
        merged = {t: w * (n - 1) / n for t, w in c.centroid.items()}
        for t, w in m.vec.items():
            merged[t] = merged.get(t, 0.0) + w / n
        norm = math.sqrt(sum(w * w for w in merged.values())) or 1.0
        if len(merged) > self.params.max_terms:  # sorting only when there is something to cut
            merged = dict(
                sorted(merged.items(), key=lambda kv: kv[1], reverse=True)[: self.params.max_terms]
            )
        c.centroid = {t: w / norm for t, w in merged.items()}
        c.targets.update(m.targets)
        c.stages.update(m.stages)
        c.charges.update(m.charges)
        self._groups.add(c.group)
        if m.day is not None:
            c.days.add(m.day)
            c.first_day = min(c.first_day or m.day, m.day)
            c.last_day = max(c.last_day or m.day, m.day)
            if cid not in self._by_day[(c.group, m.day)]:
                self._by_day[(c.group, m.day)].append(cid)
        elif cid not in self._by_day[(c.group, None)]:
            self._by_day[(c.group, None)].append(cid)


def cluster_mentions(
    mentions: Iterable[Mention], params: Params | None = None, clusterer: Clusterer | None = None
) -> dict[str, list[str]]:
    """Assign mentions in date order; returns story id -> incident ids (a story may have many).

    Mentions with no type (a story marked relevant without a type) come after the typed ones:
    they are the weakest evidence, so they join incidents but do not found the ones that typed
    reports would then have to join.
    """
    clusterer = clusterer or Clusterer(params)
    out: dict[str, list[str]] = defaultdict(list)
    for m in sorted(mentions, key=lambda m: (m.group == ANY_GROUP, m.order)):
        cid = clusterer.add(m)
        if cid is not None and cid not in out[m.story_id]:
            out[m.story_id].append(cid)
    return dict(out)


def group_stories(
    pairs: Sequence[tuple[Story, Label]],
    background: Iterable[Story] | None = None,
    params: Params | None = None,
) -> dict[str, list[str]]:
    """Cluster labelled stories from scratch: story id -> incident ids. The benchmark's entry."""
    params = params or Params()
    if background is not None:
        idf = Idf.fit(background, params)
        mentions = [m for s, lab in pairs for m in mentions_of(s, lab, idf, params)]
    else:  # the stories are their own background: read each one's terms once
        terms = [story_terms(s, params) if lab.relevant else Counter() for s, lab in pairs]
        idf = Idf.from_terms(
            t if lab.relevant else story_terms(s, params)
            for t, (s, lab) in zip(terms, pairs, strict=True)
        )
        mentions = [
            m
            for t, (s, lab) in zip(terms, pairs, strict=True)
            for m in mentions_of(s, lab, idf, params, t)
        ]
    return cluster_mentions(mentions, params)
