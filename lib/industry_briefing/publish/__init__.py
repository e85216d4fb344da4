"""publish: executed notebooks made into what is shared. The offline HTML page and the PDF
(export.py), the manifest and footer of how a briefing was made, the index of briefings.
Imports the layers below it."""
