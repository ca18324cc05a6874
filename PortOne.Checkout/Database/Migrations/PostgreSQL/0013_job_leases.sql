-- Background jobs that must run on one instance at a time (reconciliation, subscription upkeep) take
-- a lease here. The holder renews it while it lives; a holder that dies stops renewing, the lease
-- expires, and another instance takes the job over. Times are unix seconds from the instances'
-- clocks, so their clocks must agree to well within a lease's duration.
CREATE TABLE job_leases (
    job         TEXT    PRIMARY KEY,
    holder      TEXT    NOT NULL,
    expires_at  BIGINT  NOT NULL
);
