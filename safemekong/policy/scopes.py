"""Sharing scopes: which agencies a marking (TLP, sharing groups, recipients) reaches.

A record's owner always sees it. Besides the owner, a marking reaches:

- ``CLEAR``: every agency;
- ``GREEN``: the members of the named sharing groups, or every agency when it names none;
- ``AMBER`` and ``AMBER+STRICT``: the members of the named groups and the named recipients
  (nobody else when it names none); STRICT also forbids onward sharing to partner nodes;
- ``RED``: the named recipients only (RED names agencies, never groups).

Data of an agency whose country restricts export (an *export rule*, e.g. China's PIPL Art. 41)
stays in that country unless the record carries an approval reference: its scope is then
*domestic* and reaches only agencies of the same country.

Each distinct marking is stored once as a scope; ``scope_audience`` holds the agencies it
reaches, recomputed whenever agencies, groups or memberships change. Reads filter on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import Connection, delete, insert, select

from safemekong.errors import InvalidInput
from safemekong.policy.agencies import Agency, list_agencies
from safemekong.policy.tlp import TLP, parse_tlp
from safemekong.store import schema, utcnow

#: Most groups or recipients one marking may name.
MAX_NAMES: Final = 50
#: Markings whose holders may be named to a searcher who cannot see them ("hit without
#: disclosure"); RED and CLEAR/GREEN are excluded (the latter are visible anyway).
DISCOVERABLE_TLPS: Final = frozenset({TLP.AMBER, TLP.AMBER_STRICT})


@dataclass(frozen=True)
class Marking:
    """A record's sharing marking, in canonical form (sorted names, upper-case codes)."""

    tlp: TLP
    groups: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    domestic: str | None = None

    @property
    def signature(self) -> str:
        """The marking as one stable string: equal markings share one scope."""
        return (
            f"{self.tlp.value}|g={','.join(self.groups)}|r={','.join(self.recipients)}"
            f"|d={self.domestic or ''}"
        )

    def audience(
        self, agencies: Sequence[Agency], group_members: Mapping[str, frozenset[int]]
    ) -> set[int]:
        """Ids of the agencies this marking reaches besides the owner (see module doc)."""
        named = {a.id for a in agencies if a.code in self.recipients}
        in_groups = {m for g in self.groups for m in group_members.get(g, frozenset())}
        everyone = {a.id for a in agencies}
        if self.tlp is TLP.CLEAR:
            reached = everyone
        elif self.tlp is TLP.GREEN:
            reached = (in_groups | named) if (self.groups or self.recipients) else everyone
        elif self.tlp is TLP.RED:
            reached = named
        else:
            reached = in_groups | named
        if self.domestic:
            reached &= {a.id for a in agencies if a.country == self.domestic}
        return reached

    def to_json(self) -> dict[str, Any]:
        return {
            "tlp": self.tlp.value,
            "sharing_groups": list(self.groups),
            "recipients": list(self.recipients),
            "domestic_only": self.domestic,
        }


def _names(raw: object, field: str, upper: bool) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(v, str) and v.strip() for v in raw):
        raise InvalidInput(field, "must be a list of non-empty names")
    if len(raw) > MAX_NAMES:
        raise InvalidInput(field, f"names at most {MAX_NAMES} entries, got {len(raw)}")
    return tuple(sorted({v.strip().upper() if upper else v.strip() for v in raw}))


def check_marking(tlp: object, groups: object = None, recipients: object = None) -> Marking:
    """A marking from user input (``tlp``, ``sharing_groups``, ``recipients``) or InvalidInput."""
    level = tlp if isinstance(tlp, TLP) else parse_tlp(tlp)
    marking = Marking(
        level, _names(groups, "sharing_groups", False), _names(recipients, "recipients", True)
    )
    if marking.tlp is TLP.RED and marking.groups:
        raise InvalidInput("sharing_groups", "TLP:RED is for named recipients only; use recipients")
    return marking


class ScopeResolver:
    """Turns markings into scope ids inside one write transaction, creating scopes as needed."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.agency_codes = {a.code for a in list_agencies(conn)}
        self.members = group_members(conn)
        rules = schema.export_rules
        self.restricted = set(conn.execute(select(rules.c.country)).scalars())
        self._ids: dict[str, int] = {}

    def resolve(
        self, marking: Marking, owner: Agency | None = None, approval_ref: str | None = None
    ) -> int:
        """The scope id of ``marking`` for a record of ``owner`` (export rules applied).

        An agency may share only with groups it is in: another group answers as unknown, so
        the answer tells nothing of which groups exist (the node itself, owner None, may name
        any)."""
        unknown = [
            g
            for g in marking.groups
            if g not in self.members or (owner is not None and owner.id not in self.members[g])
        ]
        if unknown:
            raise InvalidInput("sharing_groups", f"unknown sharing group(s): {', '.join(unknown)}")
        strangers = [c for c in marking.recipients if c not in self.agency_codes]
        if strangers:
            raise InvalidInput("recipients", f"unknown agency code(s): {', '.join(strangers)}")
        if owner is not None and owner.country in self.restricted and not approval_ref:
            marking = Marking(marking.tlp, marking.groups, marking.recipients, owner.country)
        return self._scope_id(marking)

    def _scope_id(self, marking: Marking) -> int:
        signature = marking.signature
        if signature in self._ids:
            return self._ids[signature]
        scopes = schema.scopes
        found = self.conn.execute(
            select(scopes.c.id).where(scopes.c.signature == signature)
        ).scalar()
        if found is None:
            found = self.conn.execute(
                insert(scopes).values(
                    signature=signature,
                    tlp=marking.tlp.value,
                    groups=list(marking.groups),
                    recipients=list(marking.recipients),
                    domestic=marking.domestic,
                    created_at=utcnow(),
                )
            ).inserted_primary_key[0]  # type: ignore[index]
            refresh_audiences(self.conn, [int(found)])
        self._ids[signature] = int(found)
        return int(found)


def resolve_scope(
    conn: Connection,
    tlp: str,
    groups: Sequence[str] = (),
    recipients: Sequence[str] = (),
    owner: Agency | None = None,
    approval_ref: str | None = None,
) -> int:
    """The scope id for one record's marking (for capabilities that store shared records)."""
    marking = check_marking(tlp, list(groups), list(recipients))
    return ScopeResolver(conn).resolve(marking, owner, approval_ref)


def group_members(conn: Connection) -> dict[str, frozenset[int]]:
    """Every sharing group's member agency ids, by group name."""
    groups, members = schema.sharing_groups, schema.sharing_group_members
    found: dict[str, set[int]] = {}
    for name, agency_id in conn.execute(
        select(groups.c.name, members.c.agency_id).join(
            members, members.c.group_id == groups.c.id, isouter=True
        )
    ):
        found.setdefault(name, set())
        if agency_id is not None:
            found[name].add(agency_id)
    return {name: frozenset(ids) for name, ids in found.items()}


def markings(conn: Connection, scope_ids: Iterable[int] | None = None) -> dict[int, Marking]:
    """Stored scopes as markings, by id (all of them when ``scope_ids`` is None)."""
    scopes = schema.scopes
    query = select(scopes)
    if scope_ids is not None:
        query = query.where(scopes.c.id.in_(sorted(set(scope_ids))))
    return {
        row.id: Marking(TLP(row.tlp), tuple(row.groups), tuple(row.recipients), row.domestic)
        for row in conn.execute(query)
    }


def audiences(conn: Connection, scope_ids: Iterable[int]) -> dict[int, frozenset[int]]:
    """The agencies each of ``scope_ids`` reaches besides the owner."""
    audience = schema.scope_audience
    found: dict[int, set[int]] = {scope: set() for scope in scope_ids}
    wanted = sorted(found)
    for start in range(0, len(wanted), 500):
        for agency_id, scope_id in conn.execute(
            select(audience.c.agency_id, audience.c.scope_id).where(
                audience.c.scope_id.in_(wanted[start : start + 500])
            )
        ):
            found[scope_id].add(agency_id)
    return {scope: frozenset(ids) for scope, ids in found.items()}


def refresh_audiences(conn: Connection, scope_ids: Sequence[int] | None = None) -> None:
    """Recompute who each scope reaches (all scopes when ``scope_ids`` is None)."""
    audience = schema.scope_audience
    agencies = list_agencies(conn)
    members = group_members(conn)
    targets = markings(conn, scope_ids)
    if scope_ids is None:
        conn.execute(delete(audience))
    else:
        conn.execute(delete(audience).where(audience.c.scope_id.in_(sorted(targets))))
    rows = [
        {"scope_id": scope_id, "agency_id": agency_id}
        for scope_id, marking in targets.items()
        for agency_id in sorted(marking.audience(agencies, members))
    ]
    if rows:
        conn.execute(insert(audience), rows)
