"""Money trail: one ledger for bank and blockchain transfers, tracing, mule scores, freezes.

- :mod:`ledger` opens the DuckDB file beside the hub's data and declares its tables.
- :mod:`formats` reads each supported file format into a staging table; :mod:`loading`
  checks staged rows (identifier keys via :func:`safemekong.identifiers.parse_key`) and keeps
  the good ones, listing each bad row with its line and reason.
- :mod:`tags` attributes accounts and addresses (exchange, OTC desk, mule …).
- :mod:`rules` holds the pure tracing rules (FIFO, LIFO, haircut, poison);
  :mod:`trace` runs them hop by hop over the ledger and explains every hop.
- :mod:`mules` computes per-account features and scores them with a breakdown.
- :mod:`freeze` turns a trace into freeze and recall requests per holding institution.
- :mod:`service` is the facade the hub, the API and the CLI call.
"""
