"""The hub's administration: agencies, keys, users, sharing groups, export rules, audit, purge.

A mixin of :class:`safemekong.hub.Hub`, kept apart so each file stays about one job. The
node administrator (the local CLI) may do everything; an agency administrator (role
``admin``) manages its own agency's keys and users only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from safemekong.errors import Forbidden, NotFound
from safemekong.intel import retention
from safemekong.policy import agencies, audit, groups, keys, users
from safemekong.policy.principals import Permission, Principal, require
from safemekong.policy.scopes import refresh_audiences
from safemekong.store import Store, utcnow


def _require_node_admin(principal: Principal) -> None:
    if not principal.node_admin:
        raise Forbidden("only the node administrator may do this")


def _require_own_agency(principal: Principal, agency_code: str, what: str) -> None:
    require(principal, Permission.MANAGE_AGENCY)
    if not principal.node_admin and agency_code.strip().upper() != principal.agency_code:
        raise Forbidden(f"you may only manage {what} of {principal.agency_code}")


def _manageable_key(conn: Connection, principal: Principal, prefix: str) -> keys.Key:
    """The active key ``prefix`` if ``principal`` may manage it (the role is checked first, so
    other roles learn nothing of which keys exist); another agency's key answers as missing."""
    require(principal, Permission.MANAGE_AGENCY)
    return keys.get_key(conn, prefix, None if principal.node_admin else principal.agency_code)


class Administration:
    """Administrative operations; every change is written to the audit log."""

    store: Store

    # -- agencies and keys ---------------------------------------------------------------------
    def add_agency(
        self, principal: Principal, code: str, country: str, name: str
    ) -> dict[str, Any]:
        """Register a member agency (node administrator only)."""
        _require_node_admin(principal)
        with self.store.write() as conn:
            agency = agencies.add_agency(conn, code, country, name)
            refresh_audiences(conn)  # community-wide scopes now reach it too
            audit.append(conn, principal, "agency:add", agency.to_json())
            return agency.to_json()

    def list_agencies(self, principal: Principal) -> list[dict[str, Any]]:
        require(principal, Permission.READ)
        with self.store.read() as conn:
            return [a.to_json() for a in agencies.list_agencies(conn)]

    def create_key(
        self, principal: Principal, agency_code: str, role: str, label: str = ""
    ) -> dict[str, str]:
        """A new API key; an agency admin may create keys for its own agency only."""
        _require_own_agency(principal, agency_code, "keys")
        with self.store.write() as conn:
            key = keys.create_key(conn, agency_code, role, label)
            audit.append(
                conn,
                principal,
                "key:create",
                {"agency": key.agency, "role": role, "prefix": key.prefix},
            )
            return key.to_json()

    def list_keys(self, principal: Principal, limit: int = 100) -> list[dict[str, Any]]:
        """The newest active keys without their secrets: an agency admin's own agency's, or
        all."""
        require(principal, Permission.MANAGE_AGENCY)
        own = None if principal.node_admin else principal.agency_code
        with self.store.read() as conn:
            return keys.list_keys(conn, own, limit)

    def revoke_key(self, principal: Principal, prefix: str) -> dict[str, str]:
        """Revoke a key at once; an agency admin may revoke its own agency's keys only."""
        with self.store.write() as conn:
            key = _manageable_key(conn, principal, prefix)
            keys.revoke_key(conn, key.prefix)
            audit.append(conn, principal, "key:revoke", key.to_json())
            return key.to_json()

    def rotate_key(self, principal: Principal, prefix: str) -> dict[str, str]:
        """Replace a key: a new one with its agency, role and label, and the old one revoked."""
        with self.store.write() as conn:
            old = _manageable_key(conn, principal, prefix)
            keys.revoke_key(conn, old.prefix)
            new = keys.create_key(conn, old.agency, old.role, old.label)
            audit.append(conn, principal, "key:rotate", {**old.to_json(), "new_prefix": new.prefix})
            return new.to_json()

    def authenticate(self, api_key: str) -> Principal:
        with self.store.read() as conn:
            return keys.authenticate(conn, api_key)

    # -- users -----------------------------------------------------------------------------------
    def add_user(
        self, principal: Principal, username: str, agency_code: str, role: str, password: str
    ) -> dict[str, Any]:
        """A new user; an agency admin may add users to its own agency only."""
        _require_own_agency(principal, agency_code, "users")
        with self.store.write() as conn:
            user = users.add_user(conn, username, agency_code, role, password)
            audit.append(conn, principal, "user:add", user)
            return user

    def disable_user(self, principal: Principal, username: str) -> None:
        """Disable a user; an agency admin may disable its own agency's users only."""
        with self.store.read() as conn:
            owner = users.agency_of(conn, username)
        _require_own_agency(principal, owner, "users")
        with self.store.write() as conn:
            users.disable_user(conn, username)
            audit.append(conn, principal, "user:disable", {"username": username, "agency": owner})

    def list_users(self, principal: Principal) -> list[dict[str, Any]]:
        require(principal, Permission.MANAGE_AGENCY)
        with self.store.read() as conn:
            return users.list_users(conn, principal.agency_id)

    def user_active(self, username: str) -> bool:
        """Whether a signed-in user's session still stands (not disabled since)."""
        with self.store.read() as conn:
            return users.is_active(conn, username)

    def login(self, username: str, password: str) -> Principal:
        """The principal of a user with this password (NotAuthenticated otherwise)."""
        with self.store.read() as conn:
            return users.login(conn, username, password)

    # -- sharing groups and export rules ---------------------------------------------------------
    def create_group(
        self, principal: Principal, name: str, agency_codes: Sequence[str], description: str = ""
    ) -> dict[str, Any]:
        """A sharing group of agencies; an agency admin may create one its agency is in."""
        require(principal, Permission.MANAGE_AGENCY)
        codes = [code.strip().upper() for code in agency_codes if code.strip()]
        if not principal.node_admin and principal.agency_code not in codes:
            raise Forbidden(f"a group you create must include your agency {principal.agency_code}")
        with self.store.write() as conn:
            group = groups.create_group(conn, name, codes, description)
            audit.append(conn, principal, "group:create", group)
            return group

    def set_group_membership(
        self, principal: Principal, name: str, agency_code: str, member: bool
    ) -> dict[str, Any]:
        """Add an agency to a group, or remove one; scopes follow at once.

        An agency admin acts only on groups its agency is in (others answer as missing): it
        may add agencies, and remove its own agency; removing others is the node's decision.
        """
        require(principal, Permission.MANAGE_AGENCY)
        if not principal.node_admin:
            with self.store.read() as conn:
                current = groups.get_group(conn, name) if name in groups.group_names(conn) else None
            if current is None or principal.agency_code not in current["agencies"]:
                raise NotFound(f"no sharing group named {name!r}")
            if not member and agency_code.strip().upper() != principal.agency_code:
                raise Forbidden("you may remove only your own agency from a group")
        with self.store.write() as conn:
            group = groups.set_membership(conn, name, agency_code, member)
            action = "group:add-member" if member else "group:remove-member"
            audit.append(conn, principal, action, {"group": name, "agency": agency_code})
            return group

    def list_groups(self, principal: Principal) -> list[dict[str, Any]]:
        """Sharing groups: all for the node administrator, the caller's own otherwise."""
        require(principal, Permission.READ)
        with self.store.read() as conn:
            found = groups.list_groups(conn)
        if principal.node_admin:
            return found
        return [g for g in found if principal.agency_code in g["agencies"]]

    def add_export_rule(self, principal: Principal, country: str, law: str) -> dict[str, str]:
        _require_node_admin(principal)
        with self.store.write() as conn:
            rule = groups.add_export_rule(conn, country, law)
            audit.append(conn, principal, "export-rule:add", rule)
            return rule

    def list_export_rules(self, principal: Principal) -> list[dict[str, str]]:
        require(principal, Permission.READ)
        with self.store.read() as conn:
            return groups.list_export_rules(conn)

    # -- audit and retention ---------------------------------------------------------------------
    def verify_audit(
        self, principal: Principal, expect_head: str | None = None
    ) -> audit.AuditCheck:
        """Recompute the whole hash chain (node and agency administrators): every member may
        check that the log it relies on is intact."""
        require(principal, Permission.MANAGE_AGENCY)
        with self.store.read() as conn:
            return audit.verify(conn, expect_head)

    def audit_entries(
        self,
        principal: Principal,
        after_id: int = 0,
        limit: int = 100,
        newest_first: bool = False,
    ) -> list[dict[str, Any]]:
        """Entries in order (or the newest first): all for the node administrator; for an
        agency administrator those of its own users and keys and the reads of its data by
        others."""
        require(principal, Permission.MANAGE_AGENCY)
        with self.store.read() as conn:
            own = None if principal.node_admin else agencies.get_agency(conn, principal.agency_code)
            return audit.entries(conn, after_id, limit, own, newest_first)

    def purge_expired(
        self, principal: Principal, now: datetime | None = None
    ) -> retention.PurgeResult:
        """Delete reports past their retention deadline; the purge is audited."""
        _require_node_admin(principal)
        with self.store.write() as conn:
            result = retention.purge_expired(conn, now or utcnow())
            audit.append(conn, principal, "purge", result.to_json())
            return result
