"""Posted forms: read with a size and field limit, and local redirect targets only."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from starlette.requests import Request

from safemekong.errors import InvalidInput, TooLarge

#: Largest form body (a report with a 20,000-character narrative in Thai, percent-encoded).
MAX_FORM_BYTES = 512 * 1024
MAX_FIELDS = 1_000


class Form:
    """The fields of a posted form, in order (a name may repeat, e.g. checkboxes)."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs

    def get(self, name: str, default: str = "") -> str:
        for key, value in self.pairs:
            if key == name:
                return value
        return default

    def getlist(self, name: str) -> list[str]:
        return [value for key, value in self.pairs if key == name]


async def read_form(request: Request) -> Form:
    """The ``application/x-www-form-urlencoded`` body of ``request`` (the only kind pages post)."""
    body = await request.body()
    if not body:
        return Form([])
    if len(body) > MAX_FORM_BYTES:
        raise TooLarge(f"a form is at most {MAX_FORM_BYTES} bytes")
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/x-www-form-urlencoded":
        raise InvalidInput("body", "send the form as application/x-www-form-urlencoded")
    try:
        text = body.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except UnicodeDecodeError:
        raise InvalidInput("body", "is not UTF-8 text") from None
    except ValueError:
        raise InvalidInput("body", f"a form has at most {MAX_FIELDS} fields") from None
    return Form(pairs)


def local_path(target: str | None, default: str = "/") -> str:
    """``target`` when it is a path on this site (no scheme, host or ``//``), else ``default``:
    a ``next`` parameter must not send a signed-in user elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return default
    return target
