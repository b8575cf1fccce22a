package io.atrack.sdk.internal.delivery;

import io.atrack.sdk.FailureListener;
import io.atrack.sdk.QueueFullPolicy;
import io.atrack.sdk.RetryPolicy;
import io.atrack.sdk.internal.outbox.OutboxSettings;
import io.atrack.sdk.transport.Transport;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything the delivery engine needs, checked by the client's builder. Internal: not API.
 *
 * @param baseUrl the API's base URL, without a trailing slash; endpoint paths are appended
 * @param headers the headers of every request, one map instance for the client's lifetime
 * @param maskedKey the public key as it may appear in messages
 * @param threadName the prefix of the delivery threads' names
 * @param outcomes makes the public values the engine hands out
 * @param time the engine's clock, waits and retry timer; null for the system's (tests pass theirs)
 * @param outbox the durable outbox's settings, or null when it is off
 */
public record DeliveryConfig(
    URI baseUrl,
    Map<String, String> headers,
    String maskedKey,
    Transport transport,
    int maxInFlight,
    int maxQueueSize,
    long maxQueueBytes,
    QueueFullPolicy queueFullPolicy,
    Duration blockTimeout,
    Duration requestTimeout,
    RetryPolicy retryPolicy,
    Clock clock,
    @Nullable FailureListener failureListener,
    String threadName,
    Outcomes outcomes,
    @Nullable EngineTime time,
    @Nullable OutboxSettings outbox) {}
