"""The command line: one module per capability, thin over the hub."""
