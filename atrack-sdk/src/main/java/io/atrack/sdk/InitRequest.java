package io.atrack.sdk;

import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ATrack#init(InitRequest)} sends: an optional uuid, user attributes, and the request
 * the user came in with. The twin of the Node SDK's {@code buildNodeInitPayload}. Immutable.
 *
 * <pre>{@code
 * sdk.init(InitRequest.builder()
 *     .url("/pricing?source=google").referer("https://google.com")
 *     .ipAddress("134.122.17.144").userAgent(ua)
 *     .locale("en-US").timezone("America/New_York")
 *     .uuid("crm-user-42").userAttributes(Map.of("plan", "pro"))
 *     .build());
 * }</pre>
 *
 * <p>The request information given here wins over the enclosing {@link RequestContext} scope's
 * value of the same entry.
 */
public final class InitRequest {
  private static final InitRequest EMPTY = new Builder().build();

  private final @Nullable String uuid;
  private final Map<String, Object> userAttributes;
  private final RequestContext context;

  private InitRequest(Builder b) {
    this.uuid = b.uuid;
    this.userAttributes = b.userAttributes;
    this.context = b.context.build();
  }

  /**
   * No uuid, no attributes, no request information: what {@link ATrack#init()} sends.
   *
   * @return the empty request
   */
  public static InitRequest empty() {
    return EMPTY;
  }

  /**
   * Initializes the user with the caller's own id, for example {@code "server-user-42"}.
   *
   * @param uuid the user's own id
   * @return a request for that user
   * @throws IllegalArgumentException when {@code uuid} is blank, has control characters, or is
   *     longer than 256 characters
   */
  public static InitRequest forUser(String uuid) {
    return builder().uuid(Validation.uuid(uuid, "uuid")).build();
  }

  /**
   * A builder with nothing set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The uuid given, if any.
   *
   * @return the uuid, or empty to reuse the current user or generate one
   */
  public Optional<String> uuid() {
    return Optional.ofNullable(uuid);
  }

  /**
   * The user attributes sent with init (unmodifiable).
   *
   * @return the attributes, an unmodifiable map
   */
  public Map<String, Object> userAttributes() {
    return userAttributes;
  }

  /**
   * The request information given, as a context.
   *
   * @return the context, empty when nothing was given
   */
  public RequestContext context() {
    return context;
  }

  @Override
  public String toString() {
    return "InitRequest{uuid="
        + (uuid == null ? "(generated)" : Printable.of(uuid, 60))
        + ", userAttributes="
        + userAttributes.keySet()
        + ", context="
        + context
        + '}';
  }

  /** Builds an {@link InitRequest}. Setters validate at once and say what is wrong. */
  public static final class Builder {
    private @Nullable String uuid;
    private Map<String, Object> userAttributes = Map.of();
    private final RequestContext.Builder context = RequestContext.builder();

    private Builder() {}

    /**
     * The user's own id; leave unset to reuse the current user or generate a uuid.
     *
     * @param uuid the user's id, or null
     * @return this builder
     */
    public Builder uuid(@Nullable String uuid) {
      this.uuid = uuid == null ? null : Validation.uuid(uuid, "uuid");
      return this;
    }

    /**
     * User attributes to set (merge) with init. The map is copied.
     *
     * @param attributes the attributes to send
     * @return this builder
     */
    public Builder userAttributes(Map<String, ?> attributes) {
      this.userAttributes = Attributes.snapshot(attributes, "userAttributes");
      return this;
    }

    /**
     * The request's url or path and query.
     *
     * @param url the url, or null for none
     * @return this builder
     */
    public Builder url(@Nullable String url) {
      context.url(url);
      return this;
    }

    /**
     * The request's referer.
     *
     * @param referer the referer, or null for none
     * @return this builder
     */
    public Builder referer(@Nullable String referer) {
      context.referer(referer);
      return this;
    }

    /**
     * The client's IP address.
     *
     * @param ipAddress the IP address, or null for none
     * @return this builder
     */
    public Builder ipAddress(@Nullable String ipAddress) {
      context.ipAddress(ipAddress);
      return this;
    }

    /**
     * The request's user agent.
     *
     * @param userAgent the user agent, or null for none
     * @return this builder
     */
    public Builder userAgent(@Nullable String userAgent) {
      context.userAgent(userAgent);
      return this;
    }

    /**
     * The user's locale, for example {@code en-US}.
     *
     * @param locale a BCP 47 tag, or null for none
     * @return this builder
     */
    public Builder locale(@Nullable String locale) {
      context.locale(locale);
      return this;
    }

    /**
     * The user's IANA timezone, for example {@code America/New_York}.
     *
     * @param timezone an IANA zone id, or null for none
     * @return this builder
     */
    public Builder timezone(@Nullable String timezone) {
      context.timezone(timezone);
      return this;
    }

    /**
     * A custom context entry.
     *
     * @param name the entry's name, not one of the standard names
     * @param value the entry's value, or null to remove it
     * @return this builder
     * @throws IllegalArgumentException as {@link RequestContext.Builder#put} does
     */
    public Builder contextEntry(String name, @Nullable String value) {
      context.put(name, value);
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public InitRequest build() {
      return new InitRequest(this);
    }
  }
}
