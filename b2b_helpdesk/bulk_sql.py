"""Multi-row INSERT statements in plain parameterised SQL, for the app's set-based writers (acts and
their claims, planned tickets, the breach monitor's escalations). `frappe.db.bulk_insert` builds its
statement with the query builder, which spends longer in Python than the database takes to write
thousands of rows."""

import frappe

ROWS_PER_STATEMENT = 1000


def insert_many(
	doctype: str,
	fields: list[str],
	values: list,
	shared: dict | None = None,
	rows_per_statement: int = ROWS_PER_STATEMENT,
) -> None:
	"""Rows of `values` (one value per field, in order) as INSERTs of `rows_per_statement` rows each;
	`shared`: columns with one value for every row, escaped once and written in as literals."""
	shared = shared or {}
	columns = ", ".join(f"`{field}`" for field in (*fields, *shared))
	# a literal's "%" doubled: the statement's %s placeholders are filled in after
	literals = "".join(f", {frappe.db.escape(str(value))}".replace("%", "%%") for value in shared.values())
	one = "(" + ", ".join(["%s"] * len(fields)) + literals + ")"
	for first in range(0, len(values), rows_per_statement):
		chunk = values[first : first + rows_per_statement]
		frappe.db.sql(
			f"insert into `tab{doctype}` ({columns}) values {', '.join([one] * len(chunk))}",
			[value for row in chunk for value in row],
		)


def insert_dicts(doctype: str, rows: list[dict], rows_per_statement: int = 500) -> None:
	"""Rows given as dicts with the same keys, the doctype's own fieldnames (whole records, wide:
	500 rows a statement)."""
	if rows:
		fields = list(rows[0])
		insert_many(
			doctype, fields, [[row.get(field) for field in fields] for row in rows], None, rows_per_statement
		)
