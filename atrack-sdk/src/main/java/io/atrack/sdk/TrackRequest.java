package io.atrack.sdk;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One event for {@link ATrack#track(TrackRequest)}: a name, attributes, and optionally the user,
 * the time it happened and the request context. Immutable.
 *
 * <pre>{@code
 * sdk.track(TrackRequest.builder("job_processed").uuid(uuid)
 *     .attributes(Map.of("source", "worker")).build());
 * }</pre>
 */
public final class TrackRequest {
  private final String event;
  private final @Nullable String uuid;
  private final Map<String, Object> attributes;
  private final @Nullable Instant timestamp;
  private final @Nullable RequestContext context;

  private TrackRequest(Builder b) {
    this.event = b.event;
    this.uuid = b.uuid;
    this.attributes = b.attributes;
    this.timestamp = b.timestamp;
    this.context = b.context;
  }

  /**
   * A builder for the event {@code event}.
   *
   * @param event the event's name
   * @return a new builder
   * @throws IllegalArgumentException when {@code event} is blank, has control characters or is
   *     longer than 256 characters
   */
  public static Builder builder(String event) {
    return new Builder(Validation.eventName(event));
  }

  /**
   * The event's name.
   *
   * @return the name
   */
  public String event() {
    return event;
  }

  /**
   * The user, if given; else the current user.
   *
   * @return the uuid, or empty for the current user
   */
  public Optional<String> uuid() {
    return Optional.ofNullable(uuid);
  }

  /**
   * The event's attributes (unmodifiable).
   *
   * @return the attributes, an unmodifiable map
   */
  public Map<String, Object> attributes() {
    return attributes;
  }

  /**
   * When the event happened, if given; else when {@code track} is called.
   *
   * @return the timestamp, or empty
   */
  public Optional<Instant> timestamp() {
    return Optional.ofNullable(timestamp);
  }

  /**
   * The context to send instead of the current scope's, if given.
   *
   * @return the context, or empty for the scope's
   */
  public Optional<RequestContext> context() {
    return Optional.ofNullable(context);
  }

  @Override
  public String toString() {
    return "TrackRequest{event="
        + Printable.of(event, 60)
        + ", uuid="
        + (uuid == null ? "(current user)" : Printable.of(uuid, 60))
        + ", attributes="
        + attributes.keySet()
        + '}';
  }

  /** Builds a {@link TrackRequest}. */
  public static final class Builder {
    private final String event;
    private @Nullable String uuid;
    private Map<String, Object> attributes = Map.of();
    private @Nullable Instant timestamp;
    private @Nullable RequestContext context;

    private Builder(String event) {
      this.event = event;
    }

    /**
     * The user the event belongs to; unset means the current user.
     *
     * @param uuid the user's uuid, or null for the current user
     * @return this builder
     */
    public Builder uuid(@Nullable String uuid) {
      this.uuid = uuid == null ? null : Validation.uuid(uuid, "uuid");
      return this;
    }

    /**
     * The event's attributes; the map is copied.
     *
     * @param attributes the attributes to send
     * @return this builder
     */
    public Builder attributes(Map<String, ?> attributes) {
      this.attributes = Attributes.snapshot(attributes, "attributes");
      return this;
    }

    /**
     * When the event happened (replays, imports); sent with millisecond precision.
     *
     * @param timestamp when it happened, or null for now
     * @return this builder
     * @throws IllegalArgumentException outside the years 0000 to 9999
     */
    public Builder timestamp(@Nullable Instant timestamp) {
      if (timestamp != null
          && (timestamp.isBefore(Timestamps.MIN) || !timestamp.isBefore(Timestamps.MAX))) {
        throw new IllegalArgumentException(
            "timestamp " + timestamp + " is outside the years 0000 to 9999");
      }
      this.timestamp = timestamp;
      return this;
    }

    /**
     * A context to send instead of the current scope's (for work done outside the request).
     *
     * @param context the context, or null for the scope's
     * @return this builder
     */
    public Builder context(@Nullable RequestContext context) {
      this.context = context;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public TrackRequest build() {
      return new TrackRequest(this);
    }
  }
}
