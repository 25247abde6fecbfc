"""The pages of annual programmes, one module per sub-domain; urls.py is their table of contents."""
