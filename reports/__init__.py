"""The daily report ("Báo cáo tình hình ngày"): the leaders' board of a day as an A4 PDF and an XLSX workbook,
built from the same provider calls as /kpi (data/providers/kpi.py) and in the catalog's words (layouts/kpi.py).

Sits beside `api/` in the import order (reports → layouts → data): the routes, the `cityops report` command and
the morning job call it."""
