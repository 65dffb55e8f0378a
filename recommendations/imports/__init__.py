"""Importing a review from a spreadsheet in the Appendix 1 export's own columns.

`files` reads an uploaded .xlsx or .csv into text rows; `plan` reads the rows into what they would
create, with every problem by row and column; `links` finds the officers, assignees and
cross-references the cells name; `changes` compares the file with a review that already exists;
`blank` writes the template to start from. The write itself is `services.imports.review_import`.
"""
