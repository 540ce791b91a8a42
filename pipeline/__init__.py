"""medlink: biomedical report text to normalised, schema-validated JSON records."""

__version__ = "0.1.0"
