"""Intelligence: reports, sightings, correlation into operations, lookup, alerts."""
