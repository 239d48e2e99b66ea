"""The pages' static files: our own CSS and scripts, and the npm libraries beside them.

``static/vendor/`` is filled by ``make install`` (``npm ci`` then ``npm run build``, see
package.json) and is not committed. Without it the pages still work: forms post normally
instead of through htmx, and the operation graph says it is unavailable.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Final

PACKAGE: Final = Path(__file__).parent
STATIC: Final = PACKAGE / "static"
VENDOR: Final = STATIC / "vendor"
#: The npm libraries the pages use, by the file ``npm run build`` copies.
LIBRARIES: Final = {"htmx": "htmx.min.js", "cytoscape": "cytoscape.min.js"}


@cache
def vendor_available(library: str) -> bool:
    """True when the static bundle holds ``library`` (``htmx`` or ``cytoscape``)."""
    return (VENDOR / LIBRARIES[library]).is_file()


def missing_libraries() -> list[str]:
    return [name for name in LIBRARIES if not (VENDOR / LIBRARIES[name]).is_file()]


@cache
def static_url(name: str) -> str:
    """``/static/<name>?v=<content hash>``, so browsers may cache assets until they change."""
    path = STATIC / name
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.is_file() else "missing"
    return f"/static/{name}?v={digest}"
