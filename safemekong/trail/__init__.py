"""Money trail: one ledger for bank and blockchain transfers, tracing, mule scores, freezes.

- :mod:`ledger` opens the DuckDB file beside the hub's data and declares its tables.
- :mod:`formats` reads each supported file format into a staging table (with
  :mod:`statements` for camt.053 and :mod:`spreadsheets` for mapped .xlsx); :mod:`loading`
  checks staged rows (accounts via :mod:`safemekong.identifiers`) and keeps the good ones,
  listing each bad row with its line and reason.
- :mod:`tags` attributes accounts and addresses (exchange, OTC desk, mule …).
- :mod:`rules` holds the pure tracing rules (FIFO, LIFO, haircut, poison); :mod:`trace` runs
  them hop by hop and explains every hop; :mod:`conversion` crosses rails at OTC desks with a
  rates table; :mod:`adjacency` is the in-memory index a trace reads; :mod:`report` draws a
  trace as HTML.
- :mod:`mules` computes per-account features and scores them with a breakdown;
  :mod:`training` trains and evaluates the scorer.
- :mod:`freeze` turns a trace into freeze and recall requests per holding institution.
- :mod:`synthetic` writes laundering cases with ground truth.
- :mod:`service` is the facade the hub, the API and the CLI call.
"""
