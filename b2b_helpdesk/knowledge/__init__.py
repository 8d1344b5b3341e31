"""The knowledge base (R18): manuals, schematics and how-tos linked to equipment models and ticket categories.

The records are `Knowledge Article` (module Field Service) with their files attached the
ERP's way; who reads one is `access.py` (a row rule in `permissions.ROW_RULES`), which
articles a ticket or a machine gets is `suggest.py` (ordered by `engine.knowledge_rank`),
and the search of the desk and the phone is `search.py`.
"""
