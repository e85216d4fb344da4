"""core: what every stage shares. Paths and settings, reporting periods (and the one rule of
which folders are periods and which releases a month reads), problems in input, the figures
of a period, exact rounding, the cache. Imports nothing of the package."""
