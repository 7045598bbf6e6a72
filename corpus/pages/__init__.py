"""Page builders: the objects each page and slide shows, one module per page.

They read the record through the model QuerySets (`corpus.models`), which never import them.
A reader looking for "where is the overview matrix computed?" finds `pages/overview.py`.
"""
