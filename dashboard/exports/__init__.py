"""Exports: the filtered records as spreadsheets, and every chart as an image file.

:mod:`.data` writes ``.xlsx`` and ``.csv``; :mod:`.charts` names every chart and renders it
with kaleido. Nothing here is imported by the dashboard itself, so the browser that kaleido
drives is only ever started by a command that asks for an image.
"""
