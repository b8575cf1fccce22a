/**
 * The delivery engine, from an accepted call to its future: the queue's bounds ({@code
 * QueueBudget}), per-user order ({@code UserLanes}), {@code flush()} epochs ({@code FlushTracker}),
 * the delivery threads ({@code SenderPool}), retries ({@code Retries}), counters ({@code
 * DeliveryCounters}), failure messages and their redaction, rate-limited warnings and the failure
 * listener ({@code FailureReporter}), the storage work a lane runs ({@code LaneWork}), and the
 * engine's time ({@code EngineTime}). One package so that these pieces stay package-private; only
 * what the client and the outbox use is public.
 *
 * <p>Internal: not API, may change without notice.
 */
@NullMarked
package io.atrack.sdk.internal.delivery;

import org.jspecify.annotations.NullMarked;
