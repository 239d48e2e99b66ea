"""The one function that decides which records a principal may see.

Every read path (lookup, reports, operation summaries, counts, alerts) filters through
:func:`report_visible_clause` in SQL or :func:`report_visible` in Python; both derive from the
same rule: the node administrator sees everything; an agency sees its own records and those
marked for the community (TLP CLEAR and GREEN). Sharing groups and named RED recipients extend
this rule in one place.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Table, or_, true

from safemekong.policy.principals import Principal
from safemekong.policy.tlp import COMMUNITY_TLPS, TLP

_COMMUNITY = sorted(t.value for t in COMMUNITY_TLPS)


def report_visible_clause(principal: Principal, table: Table) -> ColumnElement[bool]:
    """SQL condition on a table with ``agency_id`` and ``tlp``: rows ``principal`` may see."""
    if principal.node_admin:
        return true()
    return or_(table.c.agency_id == principal.agency_id, table.c.tlp.in_(_COMMUNITY))


def report_visible(principal: Principal, agency_id: int, tlp: str) -> bool:
    """Python twin of :func:`report_visible_clause` for one record."""
    return principal.node_admin or agency_id == principal.agency_id or TLP(tlp) in COMMUNITY_TLPS
