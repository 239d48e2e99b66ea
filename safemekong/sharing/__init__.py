"""Sharing across borders: STIX 2.1 (with SafeMekong's published extensions) and MISP.

- :mod:`~safemekong.sharing.extensions`: the extension definitions and their JSON Schemas.
- :mod:`~safemekong.sharing.observables`: identifiers as STIX cyber-observables and back.
- :mod:`~safemekong.sharing.markings`: TLP 2.0 marking definitions.
- :mod:`~safemekong.sharing.stix`: reports and operations as bundles; bundles as report items.
- :mod:`~safemekong.sharing.misp`: MISP events in and out (``pymisp``).
- :mod:`~safemekong.sharing.service`: :class:`Sharing`, the capability over a hub.
"""
