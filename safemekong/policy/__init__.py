"""Who may see and do what: principals, roles, API keys, users, TLP, sharing groups and scopes,
the one visibility function, and the audit chain."""

from safemekong.policy.principals import NODE_ADMIN, Principal, require
from safemekong.policy.tlp import TLP, parse_tlp
from safemekong.policy.visibility import is_visible, visible_clause, visible_scope_ids

__all__ = [
    "NODE_ADMIN",
    "TLP",
    "Principal",
    "is_visible",
    "parse_tlp",
    "require",
    "visible_clause",
    "visible_scope_ids",
]
