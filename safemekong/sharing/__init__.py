"""Sharing with partners: real-time stream and webhooks, STIX/MISP interop, federation.

- :mod:`~safemekong.sharing.extensions`: the STIX extension definitions and their JSON Schemas.
- :mod:`~safemekong.sharing.observables`: identifiers as STIX cyber-observables and back.
- :mod:`~safemekong.sharing.markings`: TLP 2.0 marking definitions.
- :mod:`~safemekong.sharing.stix`: reports and operations as bundles; bundles as report items.
- :mod:`~safemekong.sharing.misp`: MISP events in and out (``pymisp``).
- :mod:`~safemekong.sharing.service`: :class:`Sharing`, STIX and MISP over a hub.
- :mod:`~safemekong.sharing.stream`: the real-time feed.
"""
