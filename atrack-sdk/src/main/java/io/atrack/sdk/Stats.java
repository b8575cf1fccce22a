package io.atrack.sdk;

/**
 * A snapshot of a client's delivery counters since it was built. Every accepted request ends as
 * exactly one of delivered or failed: {@code enqueued = delivered + failed + queued + inFlight}
 * (requests waiting for a retry count as queued).
 *
 * @param enqueued requests accepted by a call
 * @param delivered requests the API acknowledged (2xx)
 * @param retried retry attempts made (not requests: one request can be retried many times)
 * @param failed accepted requests that finally failed (status, network, close timeout)
 * @param rejected calls refused at once, never accepted: queue full or client closed
 * @param queued accepted requests not yet finished and not being sent now
 * @param inFlight requests being sent now
 */
public record Stats(
    long enqueued,
    long delivered,
    long retried,
    long failed,
    long rejected,
    long queued,
    long inFlight) {}
