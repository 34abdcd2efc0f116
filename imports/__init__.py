"""Importing participant rosters (CSV, XLSX) through the one write path; used by the page and the CLI."""
