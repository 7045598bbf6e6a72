"""Page queries, one module per page, mixed into the record QuerySets (see models/records.py).

A reader looking for "where is the overview matrix computed?" finds `queries/overview.py`.
"""
