"""Reusable dependencies: the hub and the authenticated caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from safemekong.errors import NotAuthenticated
from safemekong.hub import Hub
from safemekong.policy.principals import Principal

_bearer = HTTPBearer(auto_error=False, description="An agency API key: `Authorization: Bearer KEY`")


def get_hub(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


def get_principal(
    hub: Annotated[Hub, Depends(get_hub)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise NotAuthenticated("send an API key as 'Authorization: Bearer KEY'")
    return hub.authenticate(credentials.credentials)


HubDep = Annotated[Hub, Depends(get_hub)]
Caller = Annotated[Principal, Depends(get_principal)]
