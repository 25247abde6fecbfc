"""Operations: health for the load balancer, reads sent to a replica, backups and their restore."""
