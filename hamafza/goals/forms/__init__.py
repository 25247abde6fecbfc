"""The forms of annual programmes. They shape the input; the rules are the services', whose errors are put
back on the fields they name."""
