"""coopdash: a dashboard for a university's international cooperation.

One folder per layer, each importing only the layers before it here: :mod:`.config`,
:mod:`.model`, :mod:`.ingest`, :mod:`.store`, :mod:`.batches`, :mod:`.analysis`,
:mod:`.charts`, :mod:`.exports`, then :mod:`.web` and :mod:`.api`, and :mod:`.cli` on top.
The contracts in pyproject.toml (``lint-imports``) hold it; the README maps every module.
"""

__version__ = "0.1.0"
