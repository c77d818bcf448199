"""Audit-tool files in and out: `parse` reads a CSV/.xlsx file into plain dataclasses (every
bad row with its line number, no database); `export` writes a version in the same format.
The import service that turns a parsed file into a version is audits.services.tool."""
