"""Who may see and do what: principals, roles, API keys, TLP, and the one visibility function."""

from safemekong.policy.principals import NODE_ADMIN, Principal, require
from safemekong.policy.tlp import TLP, parse_tlp
from safemekong.policy.visibility import report_visible, report_visible_clause

__all__ = [
    "NODE_ADMIN",
    "TLP",
    "Principal",
    "parse_tlp",
    "report_visible",
    "report_visible_clause",
    "require",
]
