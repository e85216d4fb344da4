"""Monthly industrial-economy briefing of a city: ingest, analyse, render (工业经济运行月度简报)."""

__version__ = "0.1.0"
