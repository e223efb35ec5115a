"""Table reconstruction helpers (format-specific grid builders and stitching)."""
