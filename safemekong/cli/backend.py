"""Where a CLI data command acts: the local store (as node administrator) or a remote hub."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol

import httpx

from safemekong.config import resolve_db_url
from safemekong.errors import (
    Forbidden,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    SafeMekongError,
    StoreError,
)
from safemekong.hub import Hub
from safemekong.policy import NODE_ADMIN


class Backend(Protocol):
    """The operations the CLI's data commands need, with JSON-ready results."""

    def normalize(self, value: str, kind: str | None, region: str | None) -> dict[str, Any]: ...
    def lookup(self, value: str, kind: str | None, region: str | None) -> dict[str, Any]: ...
    def file_reports(self, items: Sequence[object]) -> dict[str, Any]: ...
    def file_batches(self, batches: Iterable[Sequence[object]]) -> Iterator[dict[str, Any]]: ...
    def get_operation(self, operation_id: int) -> dict[str, Any]: ...
    def list_operations(self, limit: int) -> list[dict[str, Any]]: ...
    def list_alerts(self, since_id: int, limit: int) -> list[dict[str, Any]]: ...
    def close(self) -> None: ...


class LocalBackend:
    """Acts directly on the store as the node's administrator."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    def normalize(self, value: str, kind: str | None, region: str | None) -> dict[str, Any]:
        return self.hub.normalize(value, kind, region)

    def lookup(self, value: str, kind: str | None, region: str | None) -> dict[str, Any]:
        return self.hub.lookup(NODE_ADMIN, value, kind, region)

    def file_reports(self, items: Sequence[object]) -> dict[str, Any]:
        return self.hub.file_reports(NODE_ADMIN, items).to_json()

    def file_batches(self, batches: Iterable[Sequence[object]]) -> Iterator[dict[str, Any]]:
        return (result.to_json() for result in self.hub.file_batches(NODE_ADMIN, batches))

    def get_operation(self, operation_id: int) -> dict[str, Any]:
        return self.hub.get_operation(NODE_ADMIN, operation_id)

    def list_operations(self, limit: int) -> list[dict[str, Any]]:
        return self.hub.list_operations(NODE_ADMIN, limit)

    def list_alerts(self, since_id: int, limit: int) -> list[dict[str, Any]]:
        return self.hub.list_alerts(NODE_ADMIN, since_id, limit)

    def close(self) -> None:
        self.hub.close()


_STATUS_ERRORS: dict[int, type[SafeMekongError]] = {
    401: NotAuthenticated,
    403: Forbidden,
    404: NotFound,
}


class RemoteBackend:
    """Acts on a remote hub through its HTTP API with an agency's API key."""

    def __init__(self, url: str, api_key: str, timeout: float = 60.0) -> None:
        self.client = httpx.Client(
            base_url=url.rstrip("/"),
            timeout=timeout,
            headers={"Authorization": f"Bearer {api_key}"},
        )

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self.client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the hub at {self.client.base_url}: {exc}") from exc
        if response.status_code < 400:
            return response.json()
        try:
            problem = response.json()
        except ValueError:
            problem = {"detail": response.text[:200]}
        if response.status_code == 422 and "rejected" in problem:
            return {"accepted": [], "rejected": problem["rejected"], "alerts": 0}
        if response.status_code == 422:
            errors = problem.get("errors") or [{"field": "", "reason": problem.get("detail", "")}]
            raise InvalidInput.of(errors)
        error = _STATUS_ERRORS.get(response.status_code, StoreError)
        raise error(str(problem.get("detail", f"HTTP {response.status_code}")))

    def normalize(self, value: str, kind: str | None, region: str | None) -> dict[str, Any]:
        params = {k: v for k, v in {"value": value, "type": kind, "region": region}.items() if v}
        return dict(self._call("GET", "/api/v1/normalize", params=params))

    def lookup(self, value: str, kind: str | None, region: str | None) -> dict[str, Any]:
        params = {k: v for k, v in {"value": value, "type": kind, "region": region}.items() if v}
        return dict(self._call("GET", "/api/v1/lookup", params=params))

    def file_reports(self, items: Sequence[object]) -> dict[str, Any]:
        return dict(self._call("POST", "/api/v1/reports", json=list(items)))

    def file_batches(self, batches: Iterable[Sequence[object]]) -> Iterator[dict[str, Any]]:
        return (self.file_reports(batch) for batch in batches)

    def get_operation(self, operation_id: int) -> dict[str, Any]:
        return dict(self._call("GET", f"/api/v1/operations/{operation_id}"))

    def list_operations(self, limit: int) -> list[dict[str, Any]]:
        return list(self._call("GET", "/api/v1/operations", params={"limit": limit}))

    def list_alerts(self, since_id: int, limit: int) -> list[dict[str, Any]]:
        return list(
            self._call("GET", "/api/v1/alerts", params={"since_id": since_id, "limit": limit})
        )

    def close(self) -> None:
        self.client.close()


def open_backend(db: str | None, url: str | None, api_key: str | None) -> Backend:
    """A remote backend when ``url`` is given (``api_key`` then required), else the local store."""
    if url:
        if not api_key:
            raise InvalidInput("api-key", "is required with --url (or set SAFEMEKONG_API_KEY)")
        return RemoteBackend(url, api_key)
    return LocalBackend(Hub.open(resolve_db_url(db)))
