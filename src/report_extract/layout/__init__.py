"""Report layout: sections, metadata. Knows the report, not the file format."""
