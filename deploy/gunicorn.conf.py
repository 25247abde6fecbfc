"""gunicorn for Hamafza (deploy/serve.sh, deploy/systemd/hamafza-web.service).

Sync workers, one database connection each (kept between requests): the connections to PostgreSQL are
bounded by WEB_WORKERS × the number of web machines. Every value comes from the environment.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "sync"
timeout = int(os.environ.get("WEB_TIMEOUT", 120))  # the largest Excel import read inline stays under it
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # a worker is replaced now and then: no slow growth of memory
max_requests_jitter = 200
preload_app = True  # the application is loaded once and its memory shared by the workers
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "hamafza-web"
raw_env = [
    f"DJANGO_SETTINGS_MODULE={os.environ.get('DJANGO_SETTINGS_MODULE', 'hamafza.settings_production')}"
]
