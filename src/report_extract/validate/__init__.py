"""Validation: the report's own arithmetic (勾稽关系) and structural checks."""
