"""Reading and checking uploaded files, before anything is written.

:mod:`.readers` turns a file into grids of raw cells (one reader per file kind);
:mod:`.package_check` inspects an .xlsx part by part before it is parsed; :mod:`.cells`,
:mod:`.validate` and :mod:`.crosschecks` turn cells into records and find every problem
(:mod:`.problems` says where, what and how to fix it); :mod:`.workbook`, :mod:`.template` and
:mod:`.annotate` write workbooks: the styles, the template staff fill in, and a file marked up
with its problems.

May import: :mod:`dashboard.config`, :mod:`dashboard.model`. Never the database or the web.
"""
