"""Years: the edition year of a yearbook (from its title) and the years a text speaks of."""

from __future__ import annotations

import re

_YEAR_IN_TEXT = re.compile(r"(?<![0-9０-９])((?:19|20)[0-9]{2})\s*年")
_EDITION_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")


def years_in(text: str) -> tuple[int, ...]:
    """The distinct years written as 'YYYY年' in the text, in order of first mention."""
    return tuple(dict.fromkeys(int(m.group(1)) for m in _YEAR_IN_TEXT.finditer(text)))


def edition_year(title: str) -> int | None:
    """The edition year of a title (政协嘉峪关市委员会年鉴-2023 -> 2023): its last four-digit year, if any."""
    found = _EDITION_YEAR.findall(title)
    return int(found[-1]) if found else None
