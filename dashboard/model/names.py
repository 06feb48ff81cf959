"""Institution names as people write them: one institution, however it is spelt.

:func:`fold` is the comparison form of a name: case, spaces, punctuation, full-width forms and
accents do not count. Two names whose folds are equal *are* the same name. :func:`compare`
judges two names that differ in more: abbreviated (``Tech.``, ``Univ.``), misspelt, words
reordered, British or American spelling. It is *confident* only when every word of one name
is accounted for by a word of the other; a differing content word (``Western`` / ``Eastern``,
``Nursing`` / ``Technical``, ``Institute`` / ``University``) never is, because merging two
institutions by mistake is worse than asking about one. The score is rapidfuzz's similarity
of the two folds (0–1), for people to read; the confidence comes from the words.

:class:`Index` holds the known institutions (each with its name, Chinese name and other
names) and answers "which one is this?" and "which are close?". All pure: no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

ALIAS_SEPARATOR = "; "
_ALIAS_SPLIT = re.compile(r"\s*[;；\n]\s*")

# Reasons a close name is taken for a known one (their wording: texts.py, "names.reason.*").
ABBREVIATION, SPELLING, WORD_ORDER, ACCENTS, BRITISH_AMERICAN, SPACING = (
    "abbreviation",
    "spelling",
    "word_order",
    "accents",
    "british_american",
    "spacing",
)
REASONS = (ABBREVIATION, SPELLING, WORD_ORDER, ACCENTS, BRITISH_AMERICAN, SPACING)

# A short form → the words it stands for.
ABBREVIATIONS: dict[str, frozenset[str]] = {
    short: frozenset(words.split())
    for short, words in {
        "tech": "technical technology technological",
        "techn": "technical technology technological",
        "univ": "university",
        "uni": "university",
        "u": "university",
        "poly": "polytechnic",
        "polytech": "polytechnic",
        "inst": "institute institution",
        "instit": "institute institution",
        "coll": "college",
        "col": "college",
        "ctr": "center",
        "cntr": "center",
        "cent": "center",
        "intl": "international",
        "int": "international",
        "natl": "national",
        "nat": "national",
        "govt": "government",
        "dept": "department",
        "sci": "science sciences scientific",
        "eng": "engineering",
        "engg": "engineering",
        "mgmt": "management",
        "assoc": "association",
        "acad": "academy",
        "agric": "agricultural agriculture",
        "agri": "agricultural agriculture",
        "voc": "vocational",
        "prof": "professional",
        "educ": "education educational",
        "edu": "education educational",
        "st": "saint",
        "mt": "mount",
        "co": "company",
        "corp": "corporation",
        "ltd": "limited",
    }.items()
}
# A short form of several words.
COMPOUNDS: dict[str, tuple[str, ...]] = {
    "tvet": ("technical", "vocational"),
    "hs": ("high", "school"),
    "ict": ("information", "communication", "technology"),
    "it": ("information", "technology"),
}
# British → American (either way it is the same word).
SPELLINGS: dict[str, str] = {
    "centre": "center",
    "centres": "centers",
    "organisation": "organization",
    "organisations": "organizations",
    "programme": "program",
    "programmes": "programs",
    "theatre": "theater",
    "defence": "defense",
    "labour": "labor",
    "metre": "meter",
    "modelling": "modeling",
    "travelling": "traveling",
    "specialised": "specialized",
    "harbour": "harbor",
    "mechanised": "mechanized",
}
STOPWORDS = frozenset("the of and for a an at in on de da do di la le du des del y und fur".split())
# Words that tell institutions apart even when spelt alike: never a misspelling of each other.
CONTRASTS = frozenset(
    "north south east west northern southern eastern western central upper lower new old "
    "first second third fourth fifth senior junior higher high middle primary secondary "
    "inner outer greater lesser hunan henan hubei hebei shanxi shaanxi austria australia".split()
)
# The words institutions' names are made of: a short form of one (Polytech., Informat.) is taken for it.
GENERIC = frozenset(
    {word for meaning in (*ABBREVIATIONS.values(), *COMPOUNDS.values()) for word in meaning}
    | set(
        "academy institute institution college university school training vocational education engineering "
        "management information communication communications industrial industry applied sciences polytechnic "
        "technological professional skills center centre international national federal metropolitan "
        "community higher technical technology business commerce economics medical nursing agricultural".split()
    )
)
# Chinese: the words an institution's name is built from, split out so that the part that
# differs is compared as a word (学院 is not 大学; 湄南 is not 湄难).
_ZH_WORDS = (
    "职业技术",
    "有限公司",
    "委员会",
    "大学",
    "学院",
    "学校",
    "职业",
    "技术",
    "中心",
    "培训",
    "理工",
    "科技",
    "国际",
    "工业",
    "商业",
    "高等",
    "专科",
    "研究",
    "教育",
    "技能",
    "师范",
    "医学",
    "护理",
    "农业",
    "交通",
    "信息",
    "工程",
    "管理",
    "应用",
    "国立",
    "公立",
    "私立",
    "皇家",
    "联合",
    "公司",
    "集团",
    "中学",
    "分校",
)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


@dataclass(frozen=True, slots=True)
class Verdict:
    """How alike two names are: a score for people (0–1), whether they are confidently
    one institution, and why."""

    score: float
    confident: bool
    reasons: tuple[str, ...] = ()
    exact: bool = False  # equal once folded: the same name, no question to ask


@lru_cache(maxsize=65536)
def fold(value: object) -> str:
    """A name's comparison form: full-width folded (NFKC), case and accents dropped,
    punctuation and symbols turned into spaces, spaces collapsed.

    >>> fold("  PENANG  Skills-College ")
    'penang skills college'
    >>> fold("São Paulo Ｔｅｃｈ．")
    'sao paulo tech'
    """
    return _fold(str(value), keep_accents=False)


def _fold(text: str, *, keep_accents: bool) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    if not keep_accents:
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = "".join(" " if unicodedata.category(ch)[0] in "PSZC" else ch for ch in text)
    return " ".join(text.split())


def split_aliases(text: object) -> list[str]:
    """The names in an aliases cell: separated by semicolons (or new lines)."""
    if text is None or (isinstance(text, float) and text != text):
        return []
    return [part for part in _ALIAS_SPLIT.split(str(text).strip()) if part]


def join_aliases(names: Iterable[str], *, besides: Iterable[str] = ()) -> str | None:
    """Aliases as stored: each once (by :func:`fold`), none equal to a name in ``besides``."""
    seen = {fold(name) for name in besides if name}
    kept: list[str] = []
    for name in names:
        key = fold(name)
        if key and key not in seen:
            seen.add(key)
            kept.append(name.strip())
    return ALIAS_SEPARATOR.join(kept) or None


@cache
def _zh_vocabulary() -> re.Pattern[str]:
    from dashboard.model import countries  # the country names split out too (泰国湄南… → 泰国 湄南 …)

    words = set(_ZH_WORDS) | {c.name_zh for c in countries.all_countries() if _CJK.fullmatch(c.name_zh)}
    return re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))


def _split_cjk(run: str) -> Iterator[str]:
    start = 0
    for found in _zh_vocabulary().finditer(run):
        if found.start() > start:
            yield run[start : found.start()]
        yield found.group()
        start = found.end()
    if start < len(run):
        yield run[start:]


@lru_cache(maxsize=65536)
def words(folded: str) -> tuple[str, ...]:
    """The words of a folded name, stop words left out; Chinese split into its words."""
    out: list[str] = []
    for token in folded.split():
        if _CJK.search(token):
            for part in re.split(f"({_CJK.pattern})", token):
                if not part:
                    continue
                out.extend(_split_cjk(part) if _CJK.fullmatch(part) else [part])
        elif token not in STOPWORDS:
            out.append(token)
    return tuple(out)


def score(a: str, b: str) -> float:
    """rapidfuzz's similarity of two names, word order ignored, 0–1 to two places."""
    return round(fuzz.token_sort_ratio(fold(a), fold(b)) / 100, 2)


@lru_cache(maxsize=65536)
def compare(a: str, b: str) -> Verdict:
    """Whether names ``a`` and ``b`` are confidently one institution, and why."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return Verdict(1.0, True, (), exact=True)
    similarity = round(fuzz.token_sort_ratio(fa, fb) / 100, 2)
    reasons: list[str] = []
    if _fold(a, keep_accents=True) != _fold(a, keep_accents=False) or _fold(b, keep_accents=True) != _fold(
        b, keep_accents=False
    ):
        reasons.append(ACCENTS)
    if fa.replace(" ", "") == fb.replace(" ", ""):
        return Verdict(similarity, True, (*reasons, SPACING))
    wa, wb = words(fa), words(fb)
    if not wa or not wb:
        return Verdict(similarity, False)
    ca, cb = tuple(SPELLINGS.get(w, w) for w in wa), tuple(SPELLINGS.get(w, w) for w in wb)
    if _difference(ca, cb) < _difference(wa, wb):
        reasons.append(BRITISH_AMERICAN)
    common = Counter(ca) & Counter(cb)
    left, right = list((Counter(ca) - common).elements()), list((Counter(cb) - common).elements())
    paired = _pair(left, right)
    if paired is None:
        paired = _pair(right, left)
    if paired is None:
        return Verdict(similarity, False, tuple(reasons))
    reasons.extend(paired)
    if [w for w in ca if w in common] != [w for w in cb if w in common]:
        reasons.append(WORD_ORDER)
    if not reasons:  # only stop words or punctuation differ
        reasons.append(SPELLING)
    return Verdict(similarity, True, tuple(dict.fromkeys(reasons)))


def _difference(a: Sequence[str], b: Sequence[str]) -> int:
    """How many words of ``a`` and ``b`` the other lacks."""
    return sum(((Counter(a) - Counter(b)) + (Counter(b) - Counter(a))).values())


def _pair(left: list[str], right: list[str]) -> list[str] | None:
    """Reasons pairing every word left over on one side with a word on the other, or None when
    a word is left unexplained (a distinctive word: not confidently the same institution).
    An abbreviation may stand for two words (TVET: technical vocational)."""
    if not left and not right:
        return []
    if not left or not right:
        return None
    reasons: list[str] = []
    right = list(right)
    for word in left:
        expanded = _expansion(word, right)
        if expanded:
            for other in expanded:
                right.remove(other)
            reasons.append(ABBREVIATION)
            continue
        for other in right:
            reason = _same_word(word, other)
            if reason:
                right.remove(other)
                reasons.append(reason)
                break
        else:
            return None
    if right:  # the other side has words left: try them the other way round
        back = _pair(right, [])
        return None if back is None else reasons + back
    return reasons


def _expansion(short: str, candidates: list[str]) -> list[str] | None:
    """The words a short form of several stands for, when all are there (tvet → technical, vocational)."""
    meaning = COMPOUNDS.get(short)
    if meaning and all(w in candidates for w in meaning):
        return list(meaning)
    return None


def _same_word(a: str, b: str) -> str | None:
    """Why words ``a`` and ``b`` are the same word, or None."""
    if b in ABBREVIATIONS.get(a, ()) or a in ABBREVIATIONS.get(b, ()):
        return ABBREVIATION
    if a in CONTRASTS or b in CONTRASTS or _CJK.search(a) or _CJK.search(b):
        return None
    if not (a.isalpha() and b.isalpha()):
        return None
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= 4 and longer in GENERIC and longer.startswith(shorter) and len(longer) > len(shorter) + 1:
        return ABBREVIATION
    if _singular(a) == _singular(b):
        return SPELLING
    if a[0] == b[0] and min(len(a), len(b)) >= 5:
        limit = 1 if max(len(a), len(b)) < 9 else 2
        if Levenshtein.distance(a, b) <= limit:
            return SPELLING
    return None


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


# --- the known institutions ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Institution:
    """A known institution: its key (the name records use) and every name it goes by."""

    record_type: str
    key: str
    names: tuple[str, ...]  # the key first, then the Chinese name and the aliases


@dataclass(frozen=True, slots=True)
class Candidate:
    institution: Institution
    written: str  # the known name it was compared with
    verdict: Verdict


class Index:
    """Known institutions, looked up by a name as someone wrote it."""

    def __init__(self, institutions: Iterable[Institution]) -> None:
        merged: dict[tuple[str, str], Institution] = {}  # one entry per institution, all its names
        for i in institutions:
            seen = merged.get((i.record_type, i.key))
            names = i.names if seen is None else (*seen.names, *(n for n in i.names if n not in seen.names))
            merged[(i.record_type, i.key)] = Institution(i.record_type, i.key, names)
        self.institutions = list(merged.values())
        self._by_fold: dict[str, list[Institution]] = {}
        self._choices: list[str] = []
        self._owners: list[Institution] = []
        for institution in self.institutions:
            for name in institution.names:
                key = fold(name)
                if not key:
                    continue
                owners = self._by_fold.setdefault(key, [])
                if institution not in owners:
                    owners.append(institution)
                self._choices.append(key)
                self._owners.append(institution)

    def exact(self, value: str) -> list[Institution]:
        """The institutions one of whose names equals ``value`` once folded."""
        return list(self._by_fold.get(fold(value), ()))

    def close(self, value: str, *, limit: int = 10, cutoff: float = 0.55) -> list[Candidate]:
        """Institutions with a name like ``value``, best first, one entry each."""
        folded = fold(value)
        if not folded or not self._choices:
            return []
        found = process.extract(
            folded, self._choices, scorer=fuzz.token_sort_ratio, limit=limit * 3, score_cutoff=cutoff * 100
        )
        best: dict[int, Candidate] = {}
        for _choice, _score, position in found:
            owner = self._owners[position]
            written = next(n for n in owner.names if fold(n) == self._choices[position])
            verdict = compare(value, written)
            slot = id(owner)
            if slot not in best or _rank(verdict) > _rank(best[slot].verdict):
                best[slot] = Candidate(owner, written, verdict)
        return sorted(best.values(), key=lambda c: _rank(c.verdict), reverse=True)[:limit]

    def match(self, value: str) -> Candidate | None:
        """The one institution ``value`` confidently names (not exactly), or None when there
        is none, or more than one (then it is for a person to say)."""
        confident = [c for c in self.close(value) if c.verdict.confident and not c.verdict.exact]
        if len(confident) == 1 or (len(confident) > 1 and confident[0].verdict.score > confident[1].verdict.score):
            return confident[0]
        return None

    def suggest(self, value: str, n: int = 3) -> list[str]:
        """The keys of up to ``n`` institutions whose names are closest to ``value``."""
        found = self.close(value, limit=n, cutoff=0.6)
        best = max((c.verdict.score for c in found), default=0.0)
        return [c.institution.key for c in found if c.verdict.confident or c.verdict.score >= best - 0.1]


def _rank(verdict: Verdict) -> tuple[bool, float]:
    return verdict.confident, verdict.score


def likely_duplicates(institutions: Sequence[Institution]) -> list[tuple[Institution, Institution, Verdict]]:
    """Pairs of institutions of one record type that are confidently one, most alike first."""
    index = Index(institutions)
    pairs: dict[tuple[str, str, str], tuple[Institution, Institution, Verdict]] = {}
    for institution in institutions:
        for name in institution.names:
            for owner in index.exact(name):
                if owner.key != institution.key and owner.record_type == institution.record_type:
                    _keep(pairs, institution, owner, Verdict(1.0, True, (), exact=True))
            for candidate in index.close(name):
                other = candidate.institution
                if other.key == institution.key or other.record_type != institution.record_type:
                    continue
                if candidate.verdict.confident:
                    _keep(pairs, institution, other, candidate.verdict)
    return sorted(pairs.values(), key=lambda p: (-p[2].score, p[0].key))


def _keep(pairs: dict, a: Institution, b: Institution, verdict: Verdict) -> None:
    first, second = sorted((a, b), key=lambda i: i.key)
    slot = (first.record_type, first.key, second.key)
    if slot not in pairs or pairs[slot][2].score < verdict.score:
        pairs[slot] = (first, second, verdict)
