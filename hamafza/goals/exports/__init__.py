"""The year-end review package (PDF and Excel) per organisation and per province, and the scorecard."""
