"""`python -m bench`: the dashboard benchmark on PostgreSQL (see bench/README.md)."""

import argparse
import os
import sys
import warnings


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--rebuild", action="store_true", help="regenerate the data set even if it is there")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page (default 50)")
    parser.add_argument("--warmups", type=int, default=5, help="untimed requests first (default 5)")
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamafza.settings")
    # Measured as in production: DEBUG off (no query log, no debug pages).
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault(
        "COUNSELING_FERNET_KEY", "YmVuY2gtb25seS1jb3Vuc2VsbGluZy1rZXktMzJieXQ="
    )  # settings require one with DEBUG off
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: static files not collected

    from bench import dashboards, pg

    pg.database_url()
    if args.generate_only:
        dashboards.generate_only()
        return 0
    return dashboards.run(rebuild=args.rebuild, requests=args.requests, warmups=args.warmups)


if __name__ == "__main__":
    sys.exit(main())
