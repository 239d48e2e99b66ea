"""Posted forms: read with a size and field limit, and local redirect targets only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar
from urllib.parse import parse_qsl, urlsplit
from zoneinfo import ZoneInfo

from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request

from safemekong.config import DEFAULT_MAX_BODY
from safemekong.errors import InvalidInput, TooLarge

#: Largest form body (a report with a 20,000-character narrative in Thai, percent-encoded).
MAX_FORM_BYTES = 512 * 1024
MAX_FIELDS = 1_000
#: Files one form with files may carry.
MAX_FILES = 5
N = TypeVar("N", int, float)


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


@dataclass
class Upload:
    """A posted form that may carry files: its text fields, and its files by field name (each
    spooled to a temporary file; an empty file input sends none)."""

    form: Form
    files: dict[str, UploadFile]
    data: FormData

    def file(self, name: str, max_bytes: int) -> UploadFile:
        """The file posted as ``name``; InvalidInput naming it when none came or it is larger
        than ``max_bytes``."""
        found = self.files.get(name)
        if found is None:
            raise InvalidInput(name, "choose a file")
        if (found.size or 0) > max_bytes:
            raise InvalidInput(name, f"is larger than {max_bytes:,} bytes")
        return found

    async def close(self) -> None:
        await self.data.close()


async def read_upload(request: Request) -> Upload:
    """A ``multipart/form-data`` (or urlencoded) body. Its size is bounded by the hub's body
    limit (``safemekong serve --max-body``); each page bounds its files with :meth:`Upload.file`."""
    try:
        data = await request.form(
            max_files=MAX_FILES, max_fields=MAX_FIELDS, max_part_size=DEFAULT_MAX_BODY
        )
    except HTTPException as error:  # Starlette's answer to a malformed body
        raise InvalidInput("body", f"is not a readable form: {error.detail}") from None
    pairs: list[tuple[str, str]] = []
    files: dict[str, UploadFile] = {}
    for name, value in data.multi_items():
        if isinstance(value, str):
            pairs.append((name, value))
        elif value.filename:
            files.setdefault(name, value)
    return Upload(Form(pairs), files, data)


def local_path(target: str | None, default: str = "/") -> str:
    """``target`` when it is a path on this site (no scheme, host or ``//``), else ``default``:
    a ``next`` parameter must not send a signed-in user elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return default
    return target


def number(raw: str | None, field: str, default: N) -> N:
    """The number typed in ``field``, of ``default``'s type (``default`` when blank);
    InvalidInput naming the field when it is not one."""
    text = (raw or "").strip()
    if not text:
        return default
    try:
        return type(default)(text)
    except ValueError:
        kind = "a whole number" if isinstance(default, int) else "a number"
        raise InvalidInput(field, f"must be {kind}, not {text[:40]!r}") from None


def wall_clock(raw: str, zone: str) -> str | None:
    """A ``datetime-local`` value (the user's wall clock in ``zone``) as ISO 8601 with its
    offset; None when blank, the text as typed when it is no time (the capability names it)."""
    if not raw.strip():
        return None
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError:
        return raw
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    return moment.isoformat()
