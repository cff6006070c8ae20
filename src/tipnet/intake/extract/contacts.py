"""E-mail addresses, URLs and social-media handles, on the raw text.

Values: e-mail lower-cased; URL with a scheme (http:// added when none was written) and its
host lower-cased, path kept as written; handle as ``@name`` lower-cased whatever the
platform (people reuse one name across platforms, and the platforms' names are
case-insensitive). wa.me/<number> links are phone numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .phones import e164

Hit = tuple[str, str, int, int]  # kind, value, start, end

_TLDS = ("com|net|org|info|biz|edu|gov|int|co|io|me|ly|app|online|site|xyz|in|np|bd|pk|lk|"
         "ae|qa|sa|kw|bh|om|jo|lb|eg|ma|tn|dz|uk|fr|es|de|it|nl|be|ch|at|pt|pl|ro|bg|gr|ru|"
         "ua|th|my|sg|id|ph|vn|kh|cn|hk|jp|kr|ng|gh|sn|ci|ke|za|mx|gt|co|pe|ar|br|cl|us|ca|au")
_LOCAL = r"[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}"
_DOMAIN = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?"
EMAIL = re.compile(rf"(?<![\w.@]){_LOCAL}@{_DOMAIN}(?:\.{_DOMAIN})*\.[A-Za-z]{{2,24}}\b")
_AT = r"\s*(?:[\(\[\{<]\s*at\s*[\)\]\}>]|\s(?:at|arroba|arobase)\s)\s*"
_DOT = r"\s*(?:[\(\[\{<]\s*(?:dot|point|punto)\s*[\)\]\}>]|\s(?:dot|point|punto)\s|\.)\s*"
EMAIL_SPOKEN = re.compile(
    rf"(?<![\w.@])({_LOCAL}(?:\s(?:dot|point|punto)\s{_LOCAL})*){_AT}({_DOMAIN}(?:{_DOT}{_DOMAIN})*){_DOT}({_TLDS})\b",
    re.IGNORECASE)

URL = re.compile(
    rf"\b(?:(?:https?://|www\.)[^\s<>\"']+|(?:{_DOMAIN}\.)+(?:{_TLDS})(?:/[^\s<>\"']*)?(?![\w@]))",
    re.IGNORECASE)
_TRAIL = ".,;:!?)]}'\""

_NAME = r"[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?"
AT_HANDLE = re.compile(rf"(?<![\w.@/])@({_NAME})\b")
# "insta: name", "IG @name", "telegram id = name": found from the separator backwards.
_PLATFORM_BEFORE = re.compile(
    r"\b(?:insta(?:gram)?|ig|fb|facebook|tik\s?tok|telegram|tg|snap(?:chat)?|twitter|"
    r"viber|wechat|imo|signal|skype|line|x)(?:\s*id)?\s*$", re.IGNORECASE)
_PLATFORM_NAME = re.compile(rf"\s*@?({_NAME})\b")
_SEPARATOR = re.compile(r"[:=@]")
PROFILE_URL = re.compile(
    rf"(?:https?://)?(?:www\.|m\.)?(?:facebook\.com|fb\.com|instagram\.com|tiktok\.com/@|"
    rf"t\.me|telegram\.me|twitter\.com|x\.com|snapchat\.com/add|wa\.me)/\+?({_NAME})",
    re.IGNORECASE)
_NOT_NAMES = {"profile.php", "groups", "pages", "share", "watch", "p", "reel", "events",
              "marketplace", "home.php", "login", "search", "hashtag", "explore", "i"}


def emails(raw: str) -> Iterator[Hit]:
    if "@" in raw:
        for m in EMAIL.finditer(raw):
            yield "email", m.group().lower(), m.start(), m.end()
    low = raw.lower()
    if " at " in low or "(at)" in low or "[at]" in low or "arroba" in low or "arobase" in low:
        for m in EMAIL_SPOKEN.finditer(raw):
            local = re.sub(_DOT, ".", m.group(1), flags=re.IGNORECASE)
            domain = re.sub(_DOT, ".", m.group(2), flags=re.IGNORECASE)
            yield "email", f"{local}@{domain}.{m.group(3)}".lower(), m.start(), m.end()


def handles(raw: str, region: str) -> Iterator[Hit]:
    for m in PROFILE_URL.finditer(raw) if "/" in raw else ():
        name = m.group(1)
        if name.lower() in _NOT_NAMES:
            continue
        if "wa.me" in m.group().lower():
            value = e164(name, region, plus=True)
            if value:
                yield "phone", value, m.start(), m.end()
            continue
        yield "handle", "@" + name.lower(), m.start(), m.end()
    if "@" in raw:
        for m in AT_HANDLE.finditer(raw):
            yield "handle", "@" + m.group(1).lower(), m.start(), m.end()
    for sep in _SEPARATOR.finditer(raw):
        lo = max(0, sep.start() - 16)
        platform = _PLATFORM_BEFORE.search(raw, lo, sep.start())
        name = _PLATFORM_NAME.match(raw, sep.end())
        if platform and name and not name.group(1).isdigit():
            yield "handle", "@" + name.group(1).lower(), platform.start(), name.end()


def urls(raw: str) -> Iterator[Hit]:
    if "." not in raw:
        return
    for m in URL.finditer(raw):
        text = m.group()
        end = m.end()
        while text and text[-1] in _TRAIL:
            text, end = text[:-1], end - 1
        if text:
            yield "url", normalise_url(text), m.start(), end


def normalise_url(text: str) -> str:
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "http", text
    host, slash, path = rest.partition("/")
    path = slash + path if path else ""
    return f"{scheme.lower()}://{host.lower()}{path}"
