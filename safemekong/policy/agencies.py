"""Member agencies of the hub: each belongs to one country."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pycountry
from sqlalchemy import Connection, insert, select

from safemekong.errors import Conflict, InvalidInput, NotFound
from safemekong.store import schema, utcnow

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,31}$")


@dataclass(frozen=True)
class Agency:
    id: int
    code: str
    country: str
    name: str

    def to_json(self) -> dict[str, object]:
        return {"code": self.code, "country": self.country, "name": self.name}


def check_country(raw: str, field: str = "country") -> str:
    """An ISO 3166-1 alpha-2 country code, upper-cased, or InvalidInput."""
    code = raw.strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise InvalidInput(field, f"{raw!r} is not an ISO 3166 alpha-2 country code")
    return code


def add_agency(conn: Connection, code: str, country: str, name: str) -> Agency:
    """Register an agency; its code is its stable public name (e.g. ``TH-CCIB``)."""
    code = code.strip().upper()
    if not _CODE.match(code):
        raise InvalidInput("code", "use 2-32 letters, digits, '-' or '_', e.g. TH-CCIB")
    country = check_country(country)
    if not name.strip():
        raise InvalidInput("name", "must not be empty")
    if conn.execute(select(schema.agencies.c.id).where(schema.agencies.c.code == code)).first():
        raise Conflict(f"agency {code} already exists")
    new_id = conn.execute(
        insert(schema.agencies).values(
            code=code, country=country, name=name.strip(), created_at=utcnow()
        )
    ).inserted_primary_key
    assert new_id is not None
    return Agency(int(new_id[0]), code, country, name.strip())


def _agency(row: object) -> Agency:
    return Agency(row.id, row.code, row.country, row.name)  # type: ignore[attr-defined]


def get_agency(conn: Connection, code: str, field: str = "agency") -> Agency:
    """The agency with ``code``, or InvalidInput naming ``field``."""
    row = conn.execute(
        select(schema.agencies).where(schema.agencies.c.code == code.strip().upper())
    ).first()
    if row is None:
        raise InvalidInput(field, f"unknown agency {code!r}")
    return _agency(row)


def agency_by_id(conn: Connection, agency_id: int) -> Agency:
    row = conn.execute(select(schema.agencies).where(schema.agencies.c.id == agency_id)).first()
    if row is None:
        raise NotFound(f"no agency with id {agency_id}")
    return _agency(row)


def list_agencies(conn: Connection) -> list[Agency]:
    rows = conn.execute(select(schema.agencies).order_by(schema.agencies.c.code))
    return [_agency(row) for row in rows]
