"""Insight (R12, R13, R15, R22, R24, R25, R31): client ratings, KPIs, the client at a glance, contract health.

Everything here reads through the ERP's reporting layer (Script Reports, Number Cards, Dashboard Charts,
a desk page); the only writes are a client's rating, its follow-up ToDo and the renewal reminders.
"""
