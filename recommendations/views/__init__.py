"""The recommendation pages, one module per area (see docs/architecture.md)."""
