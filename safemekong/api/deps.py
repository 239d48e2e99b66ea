"""Reusable dependencies: the hub and the authenticated caller."""

from __future__ import annotations

import base64
import binascii
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


def basic_credentials(encoded: str) -> tuple[str, str]:
    """The user and password of HTTP Basic credentials (base64 of ``user:password``)."""
    try:
        user, _, password = base64.b64decode(encoded).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise NotAuthenticated("the Basic credentials are not base64 of user:password") from None
    return user, password


def get_api_key(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise NotAuthenticated("send an API key as 'Authorization: Bearer KEY'")
    return credentials.credentials


def get_principal(
    hub: Annotated[Hub, Depends(get_hub)], key: Annotated[str, Depends(get_api_key)]
) -> Principal:
    return hub.authenticate(key)


HubDep = Annotated[Hub, Depends(get_hub)]
#: The API key the caller sent (checked by :data:`Caller`), for routes that check it again.
ApiKey = Annotated[str, Depends(get_api_key)]
Caller = Annotated[Principal, Depends(get_principal)]
