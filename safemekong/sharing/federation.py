"""Node-to-node federation over TAXII 2.1: each country may run its own node.

A *peer* is a partner node and the API key it issued to this node (a key of one of this node's
agencies, registered on the peer). A sync with a peer, in both directions over the peer's
TAXII 2.1 API root:

- **pull**: read the peer's ``shared`` collection (other agencies' reports that the key's
  agency may see there, decided by the peer's own policy) from where the last sync stopped,
  and file each page through this node's intake with the sender's markings (TLP, sharing
  groups, recipients, purpose, legal basis, retention, approval) as they are. Agencies named by
  the sender that this node does not know yet are registered (they gain no access: access is
  by key or user); agencies with users here are never spoken for by a peer. The cursor moves
  after each page is filed, so a sync killed midway resumes at the page it was on; filing is
  idempotent (a report already filed is ``unchanged``).
- **push**: send the peer the reports of the key's agency filed here since the last push that
  at least one of the peer's hosted agencies may see under this node's policy. The peer files
  them as that agency's (it accepts nothing else from this key).

Reports a receiver refuses (an unknown sharing group, say) are listed in the sync result and
skipped, never retried forever; markings are never widened to make a report fit.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

import httpx
from sqlalchemy import Connection, delete, insert, or_, select, update

from safemekong.errors import Conflict, Forbidden, InvalidInput, NotFound, SafeMekongError
from safemekong.hub import Hub
from safemekong.policy import audit
from safemekong.policy.principals import Principal
from safemekong.policy.visibility import visible_clause
from safemekong.sharing import stix
from safemekong.sharing.extensions import AGENCY
from safemekong.sharing.records import ReportRecord, select_reports
from safemekong.sharing.service import Sharing
from safemekong.sharing.taxii import (
    TAXII_MEDIA_TYPE,
    parse_timestamp,
    taxii_timestamp,
)
from safemekong.store import federation_schema, schema
from safemekong.store.engine import utcnow

log = logging.getLogger("safemekong.federation")

#: Objects asked for per pulled page, reports sent per pushed envelope, and the most envelopes
#: one sync pushes to one peer.
PULL_PAGE: Final = 2000
PUSH_BATCH: Final = 200
PUSH_ROUNDS: Final = 10
#: Seconds an HTTP call to a peer may take.
TIMEOUT: Final = 60.0


@dataclass(frozen=True)
class Peer:
    """A partner node as this node knows it (the key is never shown)."""

    name: str
    url: str
    api_key: str
    agencies: tuple[str, ...]
    pull_after: str | None
    pull_next: str | None
    push_after: str | None
    last_sync_at: datetime | None
    last_error: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "url": self.url,
            "agencies": list(self.agencies),
            "pulled_until": self.pull_after,
            "pushed_until": self.push_after,
            "last_sync_at": None if self.last_sync_at is None else self.last_sync_at.isoformat(),
            "last_error": self.last_error,
        }


def _peer(row: Any) -> Peer:
    return Peer(
        row.name,
        row.url,
        row.api_key,
        tuple(row.agencies or ()),
        row.pull_after,
        row.pull_next,
        row.push_after,
        row.last_sync_at,
        row.last_error,
    )


def _check_url(url: str) -> str:
    parsed = httpx.URL(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise InvalidInput("url", "must be an http(s) URL of the partner node, e.g. https://hub.cn")
    return str(parsed).rstrip("/")


def add_peer(
    conn: Connection, name: str, url: str, api_key: str, agencies: Sequence[str] = ()
) -> Peer:
    """Register a partner node; Conflict if the name is taken."""
    name = name.strip()
    if not name or len(name) > 64:
        raise InvalidInput("name", "must be 1 to 64 characters")
    if not api_key.strip():
        raise InvalidInput("api_key", "must be the key the partner node issued to this node")
    codes = sorted({c.strip().upper() for c in agencies if c.strip()})
    peers = federation_schema.peers
    if conn.execute(select(peers.c.id).where(peers.c.name == name)).first() is not None:
        raise Conflict(f"a peer named {name!r} exists")
    conn.execute(
        insert(peers).values(
            name=name,
            url=_check_url(url),
            api_key=api_key.strip(),
            agencies=codes,
            created_at=utcnow(),
        )
    )
    return get_peer(conn, name)


def get_peer(conn: Connection, name: str) -> Peer:
    peers = federation_schema.peers
    row = conn.execute(select(peers).where(peers.c.name == name)).first()
    if row is None:
        raise NotFound(f"no peer {name!r}")
    return _peer(row)


def list_peers(conn: Connection) -> list[Peer]:
    peers = federation_schema.peers
    return [_peer(row) for row in conn.execute(select(peers).order_by(peers.c.name))]


def remove_peer(conn: Connection, name: str) -> None:
    peers = federation_schema.peers
    if conn.execute(delete(peers).where(peers.c.name == name)).rowcount == 0:
        raise NotFound(f"no peer {name!r}")


@dataclass
class SyncResult:
    """What one sync with one peer did."""

    peer: str
    pulled_objects: int = 0
    pulled_pages: int = 0
    created: int = 0
    unchanged: int = 0
    refused: list[dict[str, Any]] = field(default_factory=list)
    agencies_added: list[str] = field(default_factory=list)
    pushed_reports: int = 0
    push_refused: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "peer": self.peer,
            "pulled": {
                "objects": self.pulled_objects,
                "pages": self.pulled_pages,
                "created": self.created,
                "unchanged": self.unchanged,
                "refused": self.refused,
                "agencies_added": self.agencies_added,
            },
            "pushed": {"reports": self.pushed_reports, "refused": self.push_refused},
            "error": self.error,
        }


class PeerError(SafeMekongError):
    """A partner node could not be reached or answered with an error."""

    slug = "peer-error"
    status = 502
    title = "Partner node error"


class _Link:
    """HTTP to one peer's TAXII API root, with its key."""

    def __init__(self, peer: Peer, transport: httpx.BaseTransport | None = None) -> None:
        self.peer = peer
        self.client = httpx.Client(
            base_url=peer.url,
            headers={"Authorization": f"Bearer {peer.api_key}", "Accept": TAXII_MEDIA_TYPE},
            timeout=TIMEOUT,
            transport=transport,
        )
        self._root: str | None = None
        self._collections: list[dict[str, Any]] | None = None

    def close(self) -> None:
        self.client.close()

    def _get(self, url: str, **params: str) -> httpx.Response:
        try:
            response = self.client.get(url, params=params)
        except httpx.HTTPError as exc:
            raise PeerError(f"{self.peer.name}: {exc}") from None
        if response.status_code != 200:
            raise PeerError(f"{self.peer.name}: GET {url} answered {response.status_code}")
        return response

    def root(self) -> str:
        if self._root is None:
            discovery = self._get("/taxii2/").json()
            self._root = str(discovery.get("default") or discovery["api_roots"][0])
        return self._root

    def _objects_url(self, choose: Callable[[list[dict[str, Any]]], dict[str, Any]]) -> str:
        if self._collections is None:
            found = self._get(self.root().rstrip("/") + "/collections/").json()
            self._collections = list(found.get("collections", []))
        chosen = choose(self._collections)
        return f"{self.root().rstrip('/')}/collections/{chosen['id']}/objects/"

    def _pull_from(self, collections: list[dict[str, Any]]) -> dict[str, Any]:
        """A SafeMekong peer's ``shared`` collection (other agencies' reports: this node's own
        do not come back), else its ``visible`` one, else the first readable collection."""
        readable = [c for c in collections if c.get("can_read")]
        for alias in ("shared", "visible"):
            for found in readable:
                if found.get("alias") == alias:
                    return found
        if not readable:
            raise PeerError(f"{self.peer.name}: the key reads no collection")
        return readable[0]

    def _push_to(self, collections: list[dict[str, Any]]) -> dict[str, Any]:
        """The peer's ``visible`` collection, else the first writable one."""
        writable = [c for c in collections if c.get("can_write")]
        for found in writable:
            if found.get("alias") == "visible":
                return found
        if not writable:
            raise PeerError(f"{self.peer.name}: the key may add to no collection")
        return writable[0]

    def page(self, added_after: str | None, next_token: str | None) -> tuple[dict[str, Any], str]:
        """One page of objects and its ``X-TAXII-Date-Added-Last``."""
        params = {"limit": str(PULL_PAGE)}
        if added_after:
            params["added_after"] = added_after
        if next_token:
            params["next"] = next_token
        response = self._get(self._objects_url(self._pull_from), **params)
        return response.json(), response.headers.get("X-TAXII-Date-Added-Last", "")

    def whoami(self) -> str:
        """The agency code of this node's key on the peer."""
        return str(self._get("/api/v1/whoami").json()["agency"])

    def add(self, objects: list[dict[str, Any]]) -> dict[str, Any]:
        try:
            response = self.client.post(
                self._objects_url(self._push_to),
                content=json.dumps({"objects": objects}),
                headers={"Content-Type": TAXII_MEDIA_TYPE},
            )
        except httpx.HTTPError as exc:
            raise PeerError(f"{self.peer.name}: {exc}") from None
        if response.status_code != 202:
            raise PeerError(
                f"{self.peer.name}: adding objects answered {response.status_code}: "
                f"{response.text[:300]}"
            )
        status: dict[str, Any] = response.json()
        return status


class Federation:
    """Syncs this hub with its partner nodes (the node administrator's business)."""

    def __init__(self, hub: Hub, transport: httpx.BaseTransport | None = None) -> None:
        self.hub = hub
        self.transport = transport

    def add_peer(
        self, principal: Principal, name: str, url: str, api_key: str, agencies: Sequence[str]
    ) -> dict[str, Any]:
        """Register a partner node and the key it issued to this node."""
        _require_node_admin(principal)
        with self.hub.store.write() as conn:
            peer = add_peer(conn, name, url, api_key, agencies)
            audit.append(conn, principal, "peer:add", peer.to_json())
        return peer.to_json()

    def list_peers(self, principal: Principal) -> list[dict[str, Any]]:
        _require_node_admin(principal)
        with self.hub.store.read() as conn:
            return [peer.to_json() for peer in list_peers(conn)]

    def remove_peer(self, principal: Principal, name: str) -> None:
        _require_node_admin(principal)
        with self.hub.store.write() as conn:
            remove_peer(conn, name)
            audit.append(conn, principal, "peer:remove", {"name": name})

    def sync(
        self, name: str | None = None, progress: Callable[[str, int], None] | None = None
    ) -> list[SyncResult]:
        """Sync with one peer (``name``) or every peer; each result says what moved.

        ``progress(peer, objects)`` is called after each pulled page and pushed batch.
        """
        with self.hub.store.read() as conn:
            peers = [get_peer(conn, name)] if name else list_peers(conn)
        return [self.sync_peer(peer, progress) for peer in peers]

    def sync_peer(
        self, peer: Peer, progress: Callable[[str, int], None] | None = None
    ) -> SyncResult:
        result = SyncResult(peer.name)
        link = _Link(peer, self.transport)
        try:
            self._pull(link, result, progress)
            if peer.agencies:
                self._push(link, result, progress)
        except PeerError as exc:
            result.error = exc.detail
            log.warning("sync with %s stopped: %s", peer.name, exc.detail)
        except SafeMekongError as exc:  # this node's store failed: say so, try again next round
            result.error = f"{exc.title}: {exc.detail}"
            log.warning("sync with %s failed here: %s", peer.name, result.error)
        finally:
            link.close()
            self._finish(peer.name, result)
        return result

    # -- pull -----------------------------------------------------------------------------------
    def _pull(
        self, link: _Link, result: SyncResult, progress: Callable[[str, int], None] | None
    ) -> None:
        with self.hub.store.read() as conn:
            peer = get_peer(conn, link.peer.name)
        state = json.loads(peer.pull_next) if peer.pull_next else None
        after = state["after"] if state else peer.pull_after
        high = state["high"] if state else None
        token = state["next"] if state else None
        # The next page is fetched while this one is filed: the peer builds it meanwhile.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pull") as fetcher:
            coming = fetcher.submit(link.page, after, token)
            while True:
                envelope, last_added = coming.result()
                token = envelope.get("next") if envelope.get("more") else None
                if token is not None:
                    coming = fetcher.submit(link.page, after, token)
                objects = envelope.get("objects", [])
                if objects:
                    self._file(peer.name, objects, result)
                result.pulled_objects += len(objects)
                result.pulled_pages += 1
                if last_added and (high is None or last_added > high):
                    high = last_added
                if token is not None:
                    state = {"after": after, "high": high, "next": token}
                    self._save_pull(peer.name, {"pull_next": json.dumps(state)})
                else:
                    self._save_pull(peer.name, {"pull_next": None, "pull_after": high or after})
                if progress is not None:
                    progress(peer.name, len(objects))
                if token is None:
                    return

    def _save_pull(self, name: str, values: dict[str, Any]) -> None:
        peers = federation_schema.peers
        with self.hub.store.write() as conn:
            conn.execute(update(peers).where(peers.c.name == name).values(**values))

    def _file(self, peer: str, objects: list[dict[str, Any]], result: SyncResult) -> None:
        """File a page as its senders' reports, registering agencies this node lacks.

        A peer never speaks for an agency whose people work on this node (it has users here):
        such an agency's reports are filed here, so any from a peer are refused.
        """
        objects = self._without_local_authors(objects, result)
        result.agencies_added.extend(self._register_agencies(objects))
        bundle: dict[str, Any] = {"type": "bundle", "id": f"bundle--{uuid.uuid4()}"}
        bundle["objects"] = objects
        importer = Principal(None, "", "admin", node_admin=True, name=f"peer:{peer}")
        filed = Sharing(self.hub).import_stix(importer, bundle)
        result.created += filed["created"]
        result.unchanged += filed["unchanged"]
        result.refused.extend(
            {"source": r["source"], "errors": r.get("errors", [])} for r in filed["rejected"]
        )
        if filed["created"]:
            with self.hub.store.write() as conn:
                audit.append(
                    conn,
                    importer,
                    "sync:pull",
                    {"peer": peer, "created": filed["created"], "objects": len(objects)},
                )

    def _without_local_authors(
        self, objects: list[dict[str, Any]], result: SyncResult
    ) -> list[dict[str, Any]]:
        with self.hub.store.read() as conn:
            users, agencies = schema.users, schema.agencies
            local = {
                stix.agency_id(code)
                for code in conn.execute(
                    select(agencies.c.code)
                    .join(users, users.c.agency_id == agencies.c.id)
                    .where(users.c.disabled_at.is_(None))
                    .distinct()
                ).scalars()
            }
        kept = []
        for obj in objects:
            if obj.get("created_by_ref") in local and obj.get("type") in ("report", "grouping"):
                reason = "its author works on this node: a peer may not file its reports"
                result.refused.append({"source": obj.get("id"), "errors": [{"reason": reason}]})
            elif obj.get("created_by_ref") not in local:
                kept.append(obj)
        return kept

    def _register_agencies(self, objects: Sequence[Mapping[str, Any]]) -> list[str]:
        named: dict[str, tuple[str, str]] = {}
        for obj in objects:
            extension = obj.get("extensions", {}).get(AGENCY.id) if isinstance(obj, dict) else None
            if obj.get("type") == "identity" and isinstance(extension, dict):
                code, country = extension.get("code"), extension.get("country")
                if isinstance(code, str) and isinstance(country, str):
                    named[code.upper()] = (country.upper(), str(obj.get("name") or code))
        if not named:
            return []
        with self.hub.store.read() as conn:
            agencies = schema.agencies
            known = set(
                conn.execute(select(agencies.c.code).where(agencies.c.code.in_(named))).scalars()
            )
        added = []
        admin = Principal(None, "", "admin", node_admin=True, name="federation")
        for code in sorted(set(named) - known):
            country, name = named[code]
            try:
                self.hub.add_agency(admin, code, country, name)
            except (InvalidInput, Conflict) as exc:  # the report naming it is refused later
                log.warning("agency %s from a peer not registered: %s", code, exc.detail)
                continue
            added.append(code)
        return added

    # -- push -----------------------------------------------------------------------------------
    def _push(
        self, link: _Link, result: SyncResult, progress: Callable[[str, int], None] | None
    ) -> None:
        own = link.whoami()
        for _ in range(PUSH_ROUNDS):  # the rest waits for the next sync: others get a turn
            with self.hub.store.read() as conn:
                peer = get_peer(conn, link.peer.name)
                batch = reports_to_push(conn, own, peer)
            if not batch:
                return
            # Without operations: a campaign is node-local, and its summary is this node's.
            objects = stix.export_bundle(batch, {})["objects"]
            status = link.add(objects)
            refused = {f["id"]: f.get("message", "") for f in status.get("failures", [])}
            for record in batch:
                report_id = stix.report_object_id(record)
                if report_id in refused:
                    result.push_refused.append({"source": report_id, "reason": refused[report_id]})
                else:
                    result.pushed_reports += 1
            last = batch[-1]
            assert last.added_at is not None
            with self.hub.store.write() as conn:
                peers = federation_schema.peers
                conn.execute(
                    update(peers)
                    .where(peers.c.name == peer.name)
                    .values(push_after=f"{taxii_timestamp(last.added_at)}|{last.id}")
                )
            if progress is not None:
                progress(peer.name, len(objects))

    def _finish(self, name: str, result: SyncResult) -> None:
        peers = federation_schema.peers
        with self.hub.store.write() as conn:
            conn.execute(
                update(peers)
                .where(peers.c.name == name)
                .values(last_sync_at=utcnow(), last_error=result.error)
            )


def _require_node_admin(principal: Principal) -> None:
    if not principal.node_admin:
        raise Forbidden("only the node administrator manages partner nodes")


def reports_to_push(
    conn: Connection, own: str, peer: Peer, limit: int = PUSH_BATCH
) -> list[ReportRecord]:
    """The next reports of agency ``own`` that an agency hosted by ``peer`` may see here."""
    agencies, reports = schema.agencies, schema.reports
    rows = conn.execute(
        select(agencies.c.id, agencies.c.code).where(agencies.c.code.in_([own, *peer.agencies]))
    ).all()
    ids = {row.code: int(row.id) for row in rows}
    audience = [Principal(ids[code], code, "read-only") for code in peer.agencies if code in ids]
    if own not in ids or not audience:
        return []
    where: Any = reports.c.agency_id == ids[own]
    where = where & or_(*(visible_clause(p, reports) for p in audience))
    if peer.push_after:
        stamp, _, last_id = peer.push_after.partition("|")
        moment = parse_timestamp(stamp, "push_after")
        where = where & or_(
            reports.c.created_at > moment,
            (reports.c.created_at == moment) & (reports.c.id > int(last_id)),
        )
    node = Principal(None, "", "admin", node_admin=True)
    return select_reports(conn, node, where, limit, by_arrival=True)
