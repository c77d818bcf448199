"""Audit-tool files in and out: `read` turns a CSV/.xlsx file's bytes into numbered rows,
`parse` turns the rows into plain dataclasses (every bad row with its line number; both
pure, no database); `export` writes a version in the same format. The import service that
turns a parsed file into a draft version is audits.services.tool."""
