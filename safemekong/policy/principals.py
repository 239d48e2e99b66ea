"""Principals (who is asking) and what each role may do."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from safemekong.errors import Forbidden


class Permission(StrEnum):
    READ = "read"
    WRITE = "write"
    MANAGE_AGENCY = "manage-agency"


#: Roles and what they allow, as data.
ROLES: Final[dict[str, frozenset[Permission]]] = {
    "admin": frozenset(Permission),
    "analyst": frozenset({Permission.READ, Permission.WRITE}),
    "immigration": frozenset({Permission.READ}),
    "read-only": frozenset({Permission.READ}),
}


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: an agency's key with a role, or the node's administrator."""

    agency_id: int | None
    agency_code: str
    role: str
    node_admin: bool = False
    #: Who acts, for the audit log: a user name or ``key:<prefix>``.
    name: str = ""

    def can(self, permission: Permission) -> bool:
        return self.node_admin or permission in ROLES.get(self.role, frozenset())


#: The node's own administrator: the local CLI acting directly on the store.
NODE_ADMIN: Final = Principal(agency_id=None, agency_code="", role="admin", node_admin=True)


def require(principal: Principal, permission: Permission) -> None:
    """Raise Forbidden unless ``principal`` holds ``permission``."""
    if not principal.can(permission):
        raise Forbidden(f"role {principal.role!r} may not {permission.value}")
