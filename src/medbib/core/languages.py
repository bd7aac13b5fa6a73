"""Language codes: MEDLINE's ISO 639-2/B codes, BCP 47 tags, English names, BibLaTeX langids.

One table (data, not code): code 639-2/B -> (BCP 47, English name, BibLaTeX/babel langid).
"""

from __future__ import annotations

LANGUAGES: dict[str, tuple[str, str, str | None]] = {
    "afr": ("af", "Afrikaans", "afrikaans"),
    "alb": ("sq", "Albanian", "albanian"),
    "ara": ("ar", "Arabic", "arabic"),
    "arm": ("hy", "Armenian", "armenian"),
    "aze": ("az", "Azerbaijani", None),
    "bos": ("bs", "Bosnian", None),
    "bul": ("bg", "Bulgarian", "bulgarian"),
    "cat": ("ca", "Catalan", "catalan"),
    "chi": ("zh", "Chinese", None),
    "cze": ("cs", "Czech", "czech"),
    "dan": ("da", "Danish", "danish"),
    "dut": ("nl", "Dutch", "dutch"),
    "eng": ("en", "English", "english"),
    "epo": ("eo", "Esperanto", "esperanto"),
    "est": ("et", "Estonian", "estonian"),
    "fin": ("fi", "Finnish", "finnish"),
    "fre": ("fr", "French", "french"),
    "geo": ("ka", "Georgian", "georgian"),
    "ger": ("de", "German", "german"),
    "gla": ("gd", "Scottish Gaelic", "scottish"),
    "gre": ("el", "Greek", "greek"),
    "heb": ("he", "Hebrew", "hebrew"),
    "hin": ("hi", "Hindi", "hindi"),
    "hrv": ("hr", "Croatian", "croatian"),
    "hun": ("hu", "Hungarian", "magyar"),
    "ice": ("is", "Icelandic", "icelandic"),
    "ind": ("id", "Indonesian", "bahasai"),
    "ita": ("it", "Italian", "italian"),
    "jpn": ("ja", "Japanese", "japanese"),
    "kin": ("rw", "Kinyarwanda", None),
    "kor": ("ko", "Korean", "korean"),
    "lat": ("la", "Latin", "latin"),
    "lav": ("lv", "Latvian", "latvian"),
    "lit": ("lt", "Lithuanian", "lithuanian"),
    "mac": ("mk", "Macedonian", "macedonian"),
    "mal": ("ml", "Malayalam", None),
    "mao": ("mi", "Maori", None),
    "may": ("ms", "Malay", "malay"),
    "mul": ("mul", "Multiple languages", None),
    "nor": ("no", "Norwegian", "norsk"),
    "per": ("fa", "Persian", "farsi"),
    "pol": ("pl", "Polish", "polish"),
    "por": ("pt", "Portuguese", "portuguese"),
    "pus": ("ps", "Pashto", None),
    "rum": ("ro", "Romanian", "romanian"),
    "rus": ("ru", "Russian", "russian"),
    "san": ("sa", "Sanskrit", "sanskrit"),
    "scc": ("sr", "Serbian", "serbian"),
    "scr": ("hr", "Croatian", "croatian"),
    "slo": ("sk", "Slovak", "slovak"),
    "slv": ("sl", "Slovenian", "slovenian"),
    "spa": ("es", "Spanish", "spanish"),
    "srp": ("sr", "Serbian", "serbian"),
    "swe": ("sv", "Swedish", "swedish"),
    "tha": ("th", "Thai", "thai"),
    "tur": ("tr", "Turkish", "turkish"),
    "ukr": ("uk", "Ukrainian", "ukrainian"),
    "und": ("und", "Undetermined", None),
    "urd": ("ur", "Urdu", "urdu"),
    "vie": ("vi", "Vietnamese", "vietnamese"),
    "wel": ("cy", "Welsh", "welsh"),
}

# ISO 639-2/T and other spellings that point to the same rows
_ALIASES = {"zho": "chi", "ces": "cze", "nld": "dut", "fra": "fre", "deu": "ger", "ell": "gre",
            "hye": "arm", "isl": "ice", "kat": "geo", "mkd": "mac", "mri": "mao", "msa": "may",
            "fas": "per", "ron": "rum", "slk": "slo", "cym": "wel", "sqi": "alb"}

_BY_BCP47 = {v[0]: k for k, v in LANGUAGES.items() if k not in ("scr", "scc")}
_BY_NAME = {v[1].lower(): k for k, v in LANGUAGES.items() if k not in ("scr", "scc")}
_BY_LANGID = {v[2]: k for k, v in LANGUAGES.items() if v[2]}
_BY_NAME.update({"ngerman": "ger", "american": "eng", "british": "eng", "usenglish": "eng",
                 "ukenglish": "eng", "brazil": "por", "brazilian": "por", "portuges": "por",
                 "french-canadian": "fre", "canadien": "fre", "slovene": "slv", "farsi": "per",
                 "norwegian bokmål": "nor", "castilian": "spa", "flemish": "dut", "moldavian": "rum"})


def _code(value: str) -> str | None:
    v = value.strip().lower().replace("_", "-")
    if not v:
        return None
    if v in LANGUAGES:
        return v
    if v in _ALIASES:
        return _ALIASES[v]
    base = v.split("-")[0]
    if base in _BY_BCP47:
        return _BY_BCP47[base]
    if v in _BY_NAME:
        return _BY_NAME[v]
    if v in _BY_LANGID:
        return _BY_LANGID[v]
    return None


def to_bcp47(value: str | None) -> str | None:
    """Any of ``eng``/``en``/``en-US``/``English``/``english`` -> ``en``; unknown values are
    returned lower-cased as given (never dropped)."""
    if not value or not value.strip():
        return None
    code = _code(value)
    if code:
        # keep a region subtag that was given ("en-US"), it is valid BCP 47
        v = value.strip().replace("_", "-")
        if "-" in v and v.split("-")[0].lower() == LANGUAGES[code][0]:
            return v.split("-")[0].lower() + "-" + "-".join(v.split("-")[1:])
        return LANGUAGES[code][0]
    return value.strip()


def name(value: str | None) -> str | None:
    """English name (``de`` -> ``German``)."""
    code = _code(value or "")
    return LANGUAGES[code][1] if code else value


def langid(value: str | None) -> str | None:
    """BibLaTeX/babel language id (``de`` -> ``german``), None when babel has none."""
    code = _code(value or "")
    return LANGUAGES[code][2] if code else None

