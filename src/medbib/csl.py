"""Record <-> CSL-JSON item, both directions from one set of tables.

Standard CSL variables carry what CSL has a variable for; everything else that a medbib record
holds goes under ``custom`` with medbib's own field names, so a CSL-JSON file written by medbib
reads back into the same record (and still validates against the CSL schema).
"""

from __future__ import annotations

import re
from typing import Any

from .core import languages
from .core.identifiers import normalize_doi, normalize_pmcid
from .core.markup import escape, plain, segments
from .core.model import Date, Identifier, Keyword, Person, Record
from .core.serialise import convert, field_types, json_value, prune, to_dict
from .core.text import collapse
from .core.vocabulary import ARTICLE_JOURNAL, SEASON_CODES

# record field -> CSL variable, for plain string fields (one table, both directions)
STRING_FIELDS: dict[str, str] = {
    "title": "title",
    "original_title": "original-title",
    "short_title": "title-short",
    "container_title": "container-title",
    "journal_abbrev": "container-title-short",
    "volume": "volume",
    "issue": "issue",
    "pages": "page",
    "page_first": "page-first",
    "article_number": "number",
    "doi": "DOI",
    "pmid": "PMID",
    "pmcid": "PMCID",
    "publisher": "publisher",
    "publisher_place": "publisher-place",
    "edition": "edition",
    "collection_title": "collection-title",
    "collection_number": "collection-number",
    "volume_title": "volume-title",
    "medium": "medium",
    "number_of_pages": "number-of-pages",
    "source": "source",
}
PEOPLE_FIELDS = {"authors": "author", "editors": "editor", "translators": "translator"}
DATE_FIELDS = {"issued": "issued", "epub": "available-date"}
PERSON_CSL_KEYS = ("family", "given", "suffix", "literal")

# record fields that the standard variables above already carry (not repeated in custom)
_MAPPED = set(STRING_FIELDS) | set(PEOPLE_FIELDS) | set(DATE_FIELDS) | {
    "type", "id", "title_markup", "languages", "isbns", "urls", "abstract", "keywords", "mesh",
    "notes", "origin", "journal_iso_abbrev", "issn_print", "issn_electronic", "issn_linking",
    "issn_other",
}
SEASON_NUMBERS = {v: k for k, v in SEASON_CODES.items() if k != "Autumn"}


_CSL_OPEN = {"i": "<i>", "b": "<b>", "sup": "<sup>", "sub": "<sub>",
             "sc": '<span style="font-variant:small-caps;">'}
_CSL_CLOSE = {"i": "</i>", "b": "</b>", "sup": "</sup>", "sub": "</sub>", "sc": "</span>"}


def markup_to_csl(markup: str) -> str:
    """medbib markup -> a CSL string (text unescaped, CSL's HTML-like tags around styled runs)."""
    out = []
    for text, styles in segments(markup):
        order = sorted(styles)
        out.append("".join(_CSL_OPEN[t] for t in order) + text
                   + "".join(_CSL_CLOSE[t] for t in reversed(order)))
    return "".join(out)


# --------------------------------------------------------------------------- writing
def date_to_csl(d: Date) -> dict[str, Any] | None:
    if d.year is None:
        return {"raw": d.raw} if d.raw else None
    first = [d.year]
    if d.month:
        first.append(d.month)
        if d.day:
            first.append(d.day)
    elif d.season and d.season in SEASON_NUMBERS.values():
        # CSL's season-as-month (21..24) is what pandoc and citeproc render; keep the name too
        first.append(SEASON_CODES[d.season])
    parts = [first]
    if d.end and d.end.year:
        last = [d.end.year]
        if d.end.month:
            last.append(d.end.month)
            if d.end.day:
                last.append(d.end.day)
        parts.append(last)
    out: dict[str, Any] = {"date-parts": parts}
    if d.season:
        out["season"] = d.season
    if d.raw:
        out["raw"] = d.raw
    return out


def person_to_csl(p: Person) -> dict[str, str]:
    if p.is_group:
        return {"literal": p.literal or ""}
    out = {}
    if p.family:
        out["family"] = p.family
    given = p.given
    if not given and p.initials:
        from .core.names import initials_to_given

        given = initials_to_given(p.initials)
    if given:
        out["given"] = given
    if p.suffix:
        out["suffix"] = p.suffix
    if not out and p.literal:
        out["literal"] = p.literal
    return out


def _person_custom(p: Person) -> dict[str, Any]:
    # what prune({...all five...}) gives, built directly (called once per author: a hot path)
    d: dict[str, Any] = {}
    if p.initials:
        d["initials"] = p.initials
    if p.orcid:
        d["orcid"] = p.orcid
    if p.affiliations:
        d["affiliations"] = list(p.affiliations)
    if p.equal_contrib:
        d["equal_contrib"] = p.equal_contrib
    if p.identifiers:
        d["identifiers"] = [prune({"kind": i.kind, "value": i.value}) for i in p.identifiers]
    if p.given is None and p.initials and not p.is_group:
        d["given_absent"] = True
    return d


def record_to_csl(record: Record, key: str) -> dict[str, Any]:
    item: dict[str, Any] = {"id": key, "type": record.type or ARTICLE_JOURNAL}
    for fname, var in STRING_FIELDS.items():
        value = getattr(record, fname)
        if value:
            item[var] = str(value)
    if record.title_markup:
        item["title"] = markup_to_csl(record.title_markup)
    if record.journal_abbrev:
        item["journalAbbreviation"] = record.journal_abbrev
    elif record.journal_iso_abbrev:
        item["container-title-short"] = record.journal_iso_abbrev
        item["journalAbbreviation"] = record.journal_iso_abbrev
    if record.languages:
        item["language"] = record.languages[0]
    for fname, var in PEOPLE_FIELDS.items():
        people = getattr(record, fname)
        if people:
            item[var] = [person_to_csl(p) for p in people]
    for fname, var in DATE_FIELDS.items():
        d = getattr(record, fname)
        if d is not None:
            csl_date = date_to_csl(d)
            if csl_date:
                item[var] = csl_date
    if record.issns:
        item["ISSN"] = ", ".join(record.issns)
    if record.isbns:
        item["ISBN"] = ", ".join(record.isbns)
    if record.urls:
        item["URL"] = record.urls[0]
    if record.abstract:
        item["abstract"] = record.abstract_text
    terms = [k.term for k in record.keywords] + [m.as_string() for m in record.mesh]
    if terms:
        item["keyword"] = "; ".join(terms)
    if record.retracted:
        item["status"] = "retracted"
    elif record.publication_status == "aheadofprint":
        item["status"] = "ahead of print"
    note_lines = []
    if record.pmid:
        note_lines.append(f"PMID: {record.pmid}")
    if record.pmcid:
        note_lines.append(f"PMCID: {record.pmcid}")
    note_lines.extend(record.notes)
    if note_lines:
        item["note"] = "\n".join(note_lines)
    custom = _custom(record)
    if custom:
        item["custom"] = custom
    return item


# fields _custom never reads from the full dict: not serialised at all (authors with affiliations,
# the abstract and the dates were most of the to_dict() cost per record); abstract and dates are
# serialised below only when they are needed
_CUSTOM_SKIP = frozenset(set(STRING_FIELDS) | set(PEOPLE_FIELDS) | set(DATE_FIELDS)
                         | {"type", "id", "origin", "abstract"})


def _custom(record: Record) -> dict[str, Any]:
    full = to_dict(record, skip=_CUSTOM_SKIP)
    custom = {k: v for k, v in full.items() if k not in _MAPPED}
    # what the standard variables flatten: keep the structure
    for fname in ("languages", "urls", "isbns", "keywords", "mesh", "notes", "issn_other"):
        value = full.get(fname)
        if value and (len(value) > 1 or fname in ("keywords", "mesh", "issn_other")):
            custom[fname] = value
    if record.abstract and any(s.label or s.nlm_category or s.markup for s in record.abstract):
        custom["abstract"] = [json_value(x) for x in record.abstract]
    for k in ("issn_print", "issn_electronic", "issn_linking", "journal_iso_abbrev", "title_markup"):
        if full.get(k):
            custom[k] = full[k]
    for fname in PEOPLE_FIELDS:
        people = getattr(record, fname)
        extras = [_person_custom(p) for p in people]
        if any(extras):
            custom[f"{fname}_extra"] = extras
    for fname in DATE_FIELDS:
        d = getattr(record, fname)
        if d is not None and (d.hour is not None):
            custom[f"{fname}_date"] = to_dict(d)
    return custom


# --------------------------------------------------------------------------- reading
def _str(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    s = collapse(str(value))
    return s or None


def csl_to_record(item: dict[str, Any]) -> Record:
    """Build a record from one CSL-JSON item (raises ValueError/TypeError on wrong shapes)."""
    if not isinstance(item, dict):
        raise TypeError(f"an item must be an object, not {type(item).__name__}")
    rec = Record(type=_str(item.get("type")) or ARTICLE_JOURNAL)
    rec.id = _str(item.get("id")) or _str(item.get("citation-key"))
    for fname, var in STRING_FIELDS.items():
        v = _str(item.get(var))
        if v:
            setattr(rec, fname, v)
    if isinstance(item.get("title"), str) and re.search(r"</?(?:i|b|sup|sub)>", item["title"]):
        rec.title_markup, rec.title = _csl_markup(item["title"])
    if not rec.journal_abbrev:
        rec.journal_abbrev = _str(item.get("journalAbbreviation"))
    lang = _str(item.get("language"))
    if lang:
        rec.languages = [languages.to_bcp47(lang) or lang]
    for fname, var in PEOPLE_FIELDS.items():
        people = item.get(var)
        if people is None:
            continue
        if not isinstance(people, list):
            raise TypeError(f"{var!r} must be a list of names, not {type(people).__name__}")
        setattr(rec, fname, [_person(p, var) for p in people])
    for fname, var in DATE_FIELDS.items():
        if var in item:
            setattr(rec, fname, _date(item[var], var))
    issn = _str(item.get("ISSN"))
    if issn:
        rec.issn_other = [s for s in re.split(r"[\s,;]+", issn) if s]
    isbn = _str(item.get("ISBN"))
    if isbn:
        rec.isbns = [s for s in re.split(r"[\s,;]+", isbn) if s]
    url = _str(item.get("URL"))
    if url:
        rec.urls = [url]
    if rec.doi:
        rec.doi = normalize_doi(rec.doi)
    if rec.pmcid:
        rec.pmcid = normalize_pmcid(rec.pmcid)
    abstract = _str(item.get("abstract"))
    if abstract:
        from .core.model import AbstractSection

        rec.abstract = [AbstractSection(p) for p in (collapse(x) for x in str(item["abstract"]).split("\n")) if p]
    kw = _str(item.get("keyword"))
    if kw:
        sep = ";" if ";" in kw else ","
        rec.keywords = [Keyword(t.strip()) for t in kw.split(sep) if t.strip()]
    note = item.get("note")
    if isinstance(note, str):
        for line in note.splitlines():
            m = re.match(r"^\s*(PMID|PMCID|DOI)\s*:\s*(\S+)\s*$", line, flags=re.I)
            if m:
                key, value = m.group(1).upper(), m.group(2)
                if key == "PMID" and not rec.pmid:
                    rec.pmid = value
                elif key == "PMCID" and not rec.pmcid:
                    rec.pmcid = normalize_pmcid(value)
                elif key == "DOI" and not rec.doi:
                    rec.doi = normalize_doi(value)
            elif line.strip():
                rec.notes.append(line.strip())
    status = _str(item.get("status"))
    if status == "ahead of print":
        rec.publication_status = "aheadofprint"
    elif status and status != "retracted":
        rec.add_extra("status", status)
    custom = item.get("custom")
    if isinstance(custom, dict):
        _apply_custom(rec, custom)
    # CSL variables with no record field: kept in extra
    known = set(STRING_FIELDS.values()) | set(PEOPLE_FIELDS.values()) | set(DATE_FIELDS.values()) | {
        "id", "type", "citation-key", "language", "journalAbbreviation", "ISSN", "ISBN", "URL",
        "abstract", "keyword", "note", "custom", "status"}
    for var, value in item.items():
        if var not in known and value not in (None, "", [], {}):
            if isinstance(value, (str, int, float)):
                rec.add_extra(f"csl:{var}", str(value))
            else:
                import json

                rec.add_extra(f"csl:{var}", json.dumps(value, ensure_ascii=False))
    return rec


def _csl_markup(raw: str) -> tuple[str, str]:
    """A CSL string with tags -> (medbib markup, plain text)."""
    parts = re.split(r"(</?(?:i|b|sup|sub)>)", collapse(raw))
    markup = "".join(p if i % 2 else escape(p) for i, p in enumerate(parts))
    return markup, plain(markup)


def _person(p: Any, var: str) -> Person:
    if isinstance(p, str):  # tolerated: "Family, Given" or a literal
        family, _, given = p.partition(",")
        return Person(family=family.strip(), given=given.strip() or None) if given else Person(literal=p.strip())
    if not isinstance(p, dict):
        raise TypeError(f"a name in {var!r} must be an object, not {type(p).__name__}")
    family = _str(p.get("family"))
    ndp = _str(p.get("non-dropping-particle"))
    dp = _str(p.get("dropping-particle"))
    if family and ndp:
        family = f"{ndp} {family}"
    given = _str(p.get("given"))
    if given and dp:
        given = f"{given} {dp}"
    literal = _str(p.get("literal"))
    if not family and not given and literal:
        return Person(literal=literal)
    if not family and given and not literal:
        return Person(family=given)
    return Person(family=family, given=given, suffix=_str(p.get("suffix")))


def _date(value: Any, var: str) -> Date | None:
    from .core.dates import parse_date

    if isinstance(value, str):
        return parse_date(value)
    if not isinstance(value, dict):
        raise TypeError(f"{var!r} must be a date object")
    parts = value.get("date-parts")
    season = value.get("season")
    raw = _str(value.get("raw")) or _str(value.get("literal"))
    if not parts:
        return parse_date(raw) if raw else None
    if not isinstance(parts, list) or not all(isinstance(x, list) for x in parts):
        raise TypeError(f"{var!r} date-parts must be a list of lists")

    def one(seq: list[Any]) -> Date:
        nums = []
        for x in seq[:3]:
            if isinstance(x, bool) or x in (None, ""):
                break
            try:
                nums.append(int(str(x).strip()))
            except ValueError:
                raise ValueError(f"{var!r} date-parts value {x!r} is not a number") from None
        d = Date(year=nums[0] if nums else None)
        if len(nums) > 1:
            if 21 <= nums[1] <= 24:
                d.season = SEASON_NUMBERS.get(nums[1])
            elif 1 <= nums[1] <= 12:
                d.month = nums[1]
                if len(nums) > 2 and 1 <= nums[2] <= 31:
                    d.day = nums[2]
        return d

    d = one(parts[0])
    if len(parts) > 1 and parts[1]:
        end = one(parts[1])
        if end.year is not None and (end.year, end.month, end.day) != (d.year, d.month, d.day):
            d.end = end
    if isinstance(season, str) and season.strip():
        if season.strip().isdecimal():
            n = int(season)
            d.season = SEASON_NUMBERS.get(n if n > 4 else n + 20)
        else:
            from .core.dates import season_name

            d.season = season_name(season) or season.strip()
    elif isinstance(season, int):
        d.season = SEASON_NUMBERS.get(season if season > 4 else season + 20)
    if raw and d.year is None:
        d.raw = raw
    elif raw:
        d.raw = raw
    return d


def _apply_custom(rec: Record, custom: dict[str, Any]) -> None:
    hints = field_types(Record)
    for key, value in custom.items():
        if key in hints and key not in ("origin",):
            try:
                setattr(rec, key, convert(hints[key], value))
            except (TypeError, ValueError, AttributeError, KeyError):
                rec.add_extra(f"custom:{key}", str(value))
        elif key.endswith("_extra") and key[:-6] in PEOPLE_FIELDS and isinstance(value, list):
            people = getattr(rec, key[:-6])
            for p, extra in zip(people, value):
                if not isinstance(extra, dict):
                    continue
                p.initials = extra.get("initials") or p.initials
                p.orcid = extra.get("orcid") or p.orcid
                p.affiliations = list(extra.get("affiliations") or [])
                p.equal_contrib = bool(extra.get("equal_contrib"))
                p.identifiers = [Identifier(i["kind"], i["value"]) for i in extra.get("identifiers") or []
                                 if isinstance(i, dict) and "kind" in i and "value" in i]
                if extra.get("given_absent"):
                    p.given = None
        elif key.endswith("_date") and key[:-5] in DATE_FIELDS:
            try:
                setattr(rec, key[:-5], convert(Date, value))
            except (TypeError, ValueError):
                pass
        else:
            rec.add_extra(f"custom:{key}", value if isinstance(value, str) else __import__("json").dumps(value))
    # ISSNs with kinds from custom replace the untyped list
    typed = {rec.issn_print, rec.issn_electronic, rec.issn_linking} - {None}
    if typed and "issn_other" not in custom:
        rec.issn_other = [i for i in rec.issn_other if i not in typed]
