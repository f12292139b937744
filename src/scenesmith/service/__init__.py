"""The service: a REST API over the store (jobs are runs), a job queue run by child processes, and the web studio (docs/service.md)."""
