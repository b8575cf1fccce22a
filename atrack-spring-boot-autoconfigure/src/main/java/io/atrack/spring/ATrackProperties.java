package io.atrack.spring;

import io.atrack.sdk.QueueFullPolicy;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The {@code atrack.*} properties, bound once at startup (immutable). The defaults are the client's
 * own ({@link io.atrack.sdk.ATrackBuilder}); durations take Boot's units ({@code 10s}, {@code
 * 500ms}), sizes too ({@code 32MB}, {@code 64KB}: binary units, 1 MB = 1,048,576 bytes).
 *
 * <pre>
 * atrack.public-key=pub_xxxxx
 * atrack.geo=fra
 * atrack.web.trusted-proxies=10.0.0.0/8,fd00::/8
 * </pre>
 *
 * <p>A value the client refuses (an unknown geo, a malformed URL or CIDR, a size below the client's
 * minimum) stops the application at startup with a failure report that names the property.
 *
 * @param enabled Whether to send anything; "false" gives a disabled client (calls complete at once,
 *     nothing is sent) and needs no key.
 * @param publicKey The project's public key; required when enabled.
 * @param geo The region ("nyc sfo ams sgp lon fra tor blr syd atl ric", any case).
 * @param baseUrl An explicit API URL (tests, proxies, self-hosting); wins over "geo".
 * @param maxInFlight The most requests sent at once; unset: the client's default (a cap of 2048 for
 *     direct connections, which the client adapts below by itself; 32 delivery threads behind a
 *     proxy).
 * @param connectTimeout How long to wait for a connection; unset: the client's default, 5 s (set
 *     only what you mean to change: a ready-made transport from a customizer takes none of these).
 * @param connectionIdleTimeout How long an idle keep-alive connection is kept for reuse; unset: the
 *     client's default, 30 s. Keep it below the idle timeout of whatever is in front of the API.
 * @param sslBundle The name of a Spring Boot SSL bundle ("spring.ssl.bundle.*") whose TLS context
 *     the client uses for https, for example one trusting a corporate CA; unset: the JVM's.
 * @param requestTimeout How long one attempt waits for the answer (a timeout is retried).
 * @param closeTimeout How long closing the client (at application shutdown) waits for delivery.
 * @param maxBodySize The largest request body; a larger one fails its call.
 * @param queue How much the client holds at once, and what a call does when that is full.
 * @param retry When and how often a transient failure is retried.
 * @param outbox The durable outbox on local disk, off unless "atrack.outbox.directory" is set.
 * @param web The servlet filter: client IP, timezone, visitor cookie, trace ids.
 */
@ConfigurationProperties("atrack")
public record ATrackProperties(
    @DefaultValue("true") boolean enabled,
    @Nullable String publicKey,
    @Nullable String geo,
    @Nullable String baseUrl,
    @Nullable Integer maxInFlight,
    @Nullable Duration connectTimeout,
    @Nullable Duration connectionIdleTimeout,
    @Nullable String sslBundle,
    @DefaultValue("10s") Duration requestTimeout,
    @DefaultValue("10s") Duration closeTimeout,
    @DefaultValue("64KB") DataSize maxBodySize,
    @DefaultValue Queue queue,
    @DefaultValue Retry retry,
    @DefaultValue Outbox outbox,
    @DefaultValue Web web) {

  /**
   * {@code atrack.queue.*}: the bound on what the client holds (queued, retrying or in flight).
   *
   * @param maxSize Most requests held at once.
   * @param maxBytes Most bytes held at once (bodies plus 256 bytes per request).
   * @param fullPolicy "reject": a call made when the queue is full fails its future at once
   *     (counted, warned); "block": the call waits up to "block-timeout" for room.
   * @param blockTimeout With "full-policy=block", the longest a call waits.
   */
  public record Queue(
      @DefaultValue("10000") int maxSize,
      @DefaultValue("32MB") DataSize maxBytes,
      @DefaultValue("reject") QueueFullPolicy fullPolicy,
      @DefaultValue("1s") Duration blockTimeout) {}

  /**
   * {@code atrack.retry.*}: see {@link io.atrack.sdk.RetryPolicy}.
   *
   * @param maxAttempts Attempts in all, the first included; 1 turns retries off.
   * @param initialBackoff The backoff cap before the first retry (full jitter below it).
   * @param multiplier How much the cap grows per retry.
   * @param maxBackoff The largest backoff cap.
   * @param maxRetryAfter The longest "Retry-After" honoured.
   * @param maxAge How long after the call a request may still be attempted.
   */
  public record Retry(
      @DefaultValue("8") int maxAttempts,
      @DefaultValue("100ms") Duration initialBackoff,
      @DefaultValue("2") double multiplier,
      @DefaultValue("30s") Duration maxBackoff,
      @DefaultValue("60s") Duration maxRetryAfter,
      @DefaultValue("10m") Duration maxAge) {}

  /**
   * {@code atrack.outbox.*}: the durable outbox ({@link io.atrack.sdk.ATrackBuilder#outbox}): every
   * accepted request is written to local disk before its call returns and survives a crash, a
   * redeploy and a long API outage; the next start delivers what is left, first.
   *
   * @param directory The outbox's own directory on local disk, created if missing; one application
   *     instance per directory (a second one fails at startup). Unset: no outbox, the queue is in
   *     memory only.
   * @param maxSize The most the outbox's segment files take on disk; when full, "queue.full-policy"
   *     applies. At least 1MB.
   * @param sync When writes are forced to the disk (what survives a power loss; all survive the
   *     process dying): "interval" every "sync-interval", "every-call" before each call returns
   *     (slow: a disk flush per call), "none" when the operating system likes.
   * @param syncInterval With "sync=interval", how often the outbox is forced to the disk.
   * @param maxAge How old a request may get (since its call, across restarts) before it is given up
   *     and written to the dead letters; until then transient failures are retried without limit.
   */
  public record Outbox(
      java.nio.file.@Nullable Path directory,
      @DefaultValue("1GB") DataSize maxSize,
      @DefaultValue("interval") io.atrack.sdk.OutboxSync sync,
      @DefaultValue("100ms") Duration syncInterval,
      @DefaultValue("24h") Duration maxAge) {}

  /**
   * {@code atrack.web.*}: the servlet filter that opens a request scope for every request.
   *
   * @param enabled Whether to register the filter (Spring MVC, servlet stack).
   * @param trustedProxies CIDRs of the proxies in front of the application (IPv4 and IPv6, for
   *     example "10.0.0.0/8"); only a peer inside one of them may set the client IP through
   *     "X-Forwarded-For" or "Forwarded". Empty by default: the socket's peer is the client.
   * @param timezoneHeader A request header carrying the user's IANA timezone.
   * @param timezoneCookie A cookie carrying the user's IANA timezone.
   * @param anonymizeIp Zero the last IPv4 octet and the last 80 IPv6 bits of the client IP.
   * @param traceIds Add the current span's "traceId" and "spanId" to every event's context; unset:
   *     on when Micrometer Tracing or OpenTelemetry is present.
   * @param visitorCookie The anonymous-visitor cookie.
   */
  public record Web(
      @DefaultValue("true") boolean enabled,
      @DefaultValue List<String> trustedProxies,
      @Nullable String timezoneHeader,
      @Nullable String timezoneCookie,
      @DefaultValue("false") boolean anonymizeIp,
      @Nullable Boolean traceIds,
      @DefaultValue VisitorCookie visitorCookie) {}

  /**
   * {@code atrack.web.visitor-cookie.*}: a request with no known user gets a generated uuid, kept
   * in an {@code HttpOnly; Secure; SameSite=Lax} cookie, so one visitor keeps one uuid.
   *
   * @param enabled Whether to set the cookie.
   * @param name The cookie's name; unset: the filter's default.
   * @param maxAge The cookie's lifetime; unset: the filter's default.
   */
  public record VisitorCookie(
      @DefaultValue("false") boolean enabled, @Nullable String name, @Nullable Duration maxAge) {}
}
