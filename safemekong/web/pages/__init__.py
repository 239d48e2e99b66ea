"""The pages, one module per part of the site; each is a thin translation to hub calls."""
