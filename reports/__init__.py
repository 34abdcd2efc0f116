"""Reporting for coordinators and donors: plain SQL-aggregate functions, no Flask.

indicators.py — the dashboard's numbers; suppression.py — small-cell suppression;
tables.py — indicator tables as rows; exports.py — CSV/XLSX of entities and tables;
sql.py — the few expressions SQLite and PostgreSQL spell differently.
"""
