"""Business rules that need no database: plain Python, dataclasses in and out.

Nothing in this package imports frappe; the doctype controllers load ERP
records, call these functions and store what they return.
"""
