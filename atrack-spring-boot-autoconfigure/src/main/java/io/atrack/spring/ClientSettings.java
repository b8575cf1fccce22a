package io.atrack.spring;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackBuilder;
import io.atrack.sdk.Geo;
import io.atrack.sdk.Keys;
import io.atrack.sdk.RetryPolicy;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * Applies the {@code atrack.*} properties to an {@link ATrackBuilder}. Every value goes through the
 * builder's own checks; a refusal becomes an {@link InvalidATrackPropertyException} naming the
 * property, so a bad value stops the application at startup, not at the first event.
 */
final class ClientSettings {
  private static final String DISABLE = "or set atrack.enabled=false to run without sending.";

  private ClientSettings() {}

  /** A builder carrying every property; the JVM shutdown hook is off (Spring closes the bean). */
  static ATrackBuilder builder(ATrackProperties p) {
    ATrackBuilder b = ATrack.builder().shutdownHook(false);
    String key = p.publicKey();
    if (key == null || key.isBlank()) {
      throw new InvalidATrackPropertyException(
          "atrack.public-key",
          key == null ? null : "",
          "a public key is required while atrack.enabled is true",
          "Set atrack.public-key to your project's public key (pub_…), for example through the"
              + " ATRACK_PUBLIC_KEY environment variable, "
              + DISABLE,
          null);
    }
    apply("atrack.public-key", Keys.mask(key), () -> b.publicKey(key));
    String geo = p.geo();
    if (geo != null && !geo.isEmpty()) {
      apply("atrack.geo", geo, () -> b.geo(Geo.of(geo)));
    }
    String baseUrl = p.baseUrl();
    if (baseUrl != null && !baseUrl.isEmpty()) {
      apply("atrack.base-url", baseUrl, () -> b.baseUrl(baseUrl));
    }
    Integer inFlight = p.maxInFlight();
    if (inFlight != null) {
      apply("atrack.max-in-flight", inFlight, b::maxInFlight);
    }
    // Transport settings only when set: a customizer may plug in a ready-made transport, which
    // the client refuses alongside any of them.
    java.time.Duration connect = p.connectTimeout();
    if (connect != null) {
      apply("atrack.connect-timeout", connect, b::connectTimeout);
    }
    java.time.Duration idle = p.connectionIdleTimeout();
    if (idle != null) {
      apply("atrack.connection-idle-timeout", idle, b::connectionIdleTimeout);
    }
    apply("atrack.request-timeout", p.requestTimeout(), b::requestTimeout);
    apply("atrack.close-timeout", p.closeTimeout(), b::closeTimeout);
    apply("atrack.max-body-size", p.maxBodySize(), s -> b.maxBodyBytes(intBytes(s)));
    ATrackProperties.Queue q = p.queue();
    apply("atrack.queue.max-size", q.maxSize(), b::maxQueueSize);
    apply("atrack.queue.max-bytes", q.maxBytes(), s -> b.maxQueueBytes(s.toBytes()));
    apply("atrack.queue.full-policy", q.fullPolicy(), b::queueFullPolicy);
    apply("atrack.queue.block-timeout", q.blockTimeout(), b::blockTimeout);
    b.retryPolicy(retryPolicy(p.retry()));
    outbox(p.outbox(), b);
    return b;
  }

  /** The {@code atrack.outbox.*} properties: only when a directory is set. */
  private static void outbox(ATrackProperties.Outbox o, ATrackBuilder b) {
    java.nio.file.Path dir = o.directory();
    if (dir == null) {
      return;
    }
    apply("atrack.outbox.directory", dir, b::outbox);
    apply("atrack.outbox.max-size", o.maxSize(), s -> b.outboxMaxBytes(s.toBytes()));
    apply("atrack.outbox.sync", o.sync(), b::outboxSync);
    apply("atrack.outbox.sync-interval", o.syncInterval(), b::outboxSyncInterval);
    apply("atrack.outbox.max-age", o.maxAge(), b::outboxMaxAge);
  }

  /** The TLS context of the SSL bundle {@code name}, or a startup failure naming the property. */
  static javax.net.ssl.SSLContext sslContext(
      String name, org.springframework.boot.ssl.@Nullable SslBundles bundles) {
    try {
      if (bundles == null) {
        throw new IllegalArgumentException(
            "no SslBundles bean: Boot's SSL auto-configuration is off");
      }
      return bundles.getBundle(name).createSslContext();
    } catch (RuntimeException e) {
      throw new InvalidATrackPropertyException(
          "atrack.ssl-bundle",
          cut(name),
          String.valueOf(e.getMessage()),
          "Define the bundle under spring.ssl.bundle (jks or pem), or correct atrack.ssl-bundle, "
              + DISABLE,
          e);
    }
  }

  /** The retry policy the {@code atrack.retry.*} properties describe. */
  static RetryPolicy retryPolicy(ATrackProperties.Retry r) {
    RetryPolicy.Builder b = RetryPolicy.builder();
    apply("atrack.retry.max-attempts", r.maxAttempts(), b::maxAttempts);
    apply("atrack.retry.initial-backoff", r.initialBackoff(), b::initialBackoff);
    apply("atrack.retry.multiplier", r.multiplier(), b::multiplier);
    apply("atrack.retry.max-backoff", r.maxBackoff(), b::maxBackoff);
    apply("atrack.retry.max-retry-after", r.maxRetryAfter(), b::maxRetryAfter);
    apply("atrack.retry.max-age", r.maxAge(), b::maxAge);
    return b.build();
  }

  /**
   * Turns a failure of {@code build()} (settings that conflict, such as a queue smaller than one
   * body) into the same startup report.
   */
  static ATrack build(ATrackBuilder builder) {
    try {
      return builder.build();
    } catch (IllegalStateException e) {
      // Another client holds the outbox directory (its lock file).
      throw new InvalidATrackPropertyException(
          "atrack.outbox.directory",
          null,
          String.valueOf(e.getMessage()),
          "Give each application instance its own atrack.outbox.directory, " + DISABLE,
          e);
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      String property =
          message.startsWith("maxQueueBytes")
              ? "atrack.queue.max-bytes"
              : message.startsWith("outboxMaxBytes")
                  ? "atrack.outbox.max-size"
                  : message.startsWith("The outbox directory")
                      ? "atrack.outbox.directory"
                      : message.contains("ready-made transport")
                          ? "atrack.connect-timeout, atrack.connection-idle-timeout or atrack.ssl-bundle"
                          : "atrack (client)";
      throw new InvalidATrackPropertyException(
          property, null, message, "Change the property, " + DISABLE, e);
    }
  }

  private static int intBytes(DataSize size) {
    long bytes = size.toBytes();
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("must be below 2GB, was " + size);
    }
    return (int) bytes;
  }

  private static <T> void apply(String property, T value, Consumer<T> setter) {
    apply(property, String.valueOf(value), () -> setter.accept(value));
  }

  private static void apply(String property, @Nullable String shown, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InvalidATrackPropertyException(
          property,
          shown == null ? null : cut(shown),
          String.valueOf(e.getMessage()),
          "Correct " + property + ", " + DISABLE,
          e);
    }
  }

  /** A value as shown in the report: control characters escaped, at most 200 characters. */
  private static String cut(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && i < 200; i++) {
      char c = s.charAt(i);
      out.append(Character.isISOControl(c) ? String.format("\\u%04X", (int) c) : c);
    }
    return s.length() > 200 ? out + "…" : out.toString();
  }
}
