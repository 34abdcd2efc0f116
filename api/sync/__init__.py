"""The sync protocol (SYNC.md) as plain functions: no Flask in this package."""
