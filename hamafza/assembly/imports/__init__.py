"""Excel imports of the assembly (the machinery is participation's: hamafza.participation.imports)."""
