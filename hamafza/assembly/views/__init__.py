"""The assembly's pages, one module per sub-domain (see hamafza/assembly/urls.py)."""
