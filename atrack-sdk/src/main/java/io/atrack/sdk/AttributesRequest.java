package io.atrack.sdk;

import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ATrack#setAttributes(AttributesRequest)} sends: attributes, a mode, and optionally
 * the user they belong to. Servers handling many users pass the uuid explicitly. Immutable.
 *
 * <pre>{@code
 * sdk.setAttributes(AttributesRequest.builder().uuid("crm-user-42")
 *     .attributes(Map.of("plan", "pro")).mode(AttributesMode.MERGE).build());
 * }</pre>
 */
public final class AttributesRequest {
  private final @Nullable String uuid;
  private final Map<String, Object> attributes;
  private final AttributesMode mode;

  private AttributesRequest(Builder b) {
    this.uuid = b.uuid;
    this.attributes = b.attributes;
    this.mode = b.mode;
  }

  /**
   * A builder: no uuid (the current user), no attributes, {@link AttributesMode#MERGE}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
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
   * The attributes (unmodifiable).
   *
   * @return the attributes, an unmodifiable map
   */
  public Map<String, Object> attributes() {
    return attributes;
  }

  /**
   * Merge or replace.
   *
   * @return the mode
   */
  public AttributesMode mode() {
    return mode;
  }

  @Override
  public String toString() {
    return "AttributesRequest{uuid="
        + (uuid == null ? "(current user)" : Printable.of(uuid, 60))
        + ", mode="
        + mode
        + ", attributes="
        + attributes.keySet()
        + '}';
  }

  /** Builds an {@link AttributesRequest}. */
  public static final class Builder {
    private @Nullable String uuid;
    private Map<String, Object> attributes = Map.of();
    private AttributesMode mode = AttributesMode.MERGE;

    private Builder() {}

    /**
     * The user whose attributes these are; unset means the current user.
     *
     * @param uuid the user's uuid, or null for the current user
     * @return this builder
     */
    public Builder uuid(@Nullable String uuid) {
      this.uuid = uuid == null ? null : Validation.uuid(uuid, "uuid");
      return this;
    }

    /**
     * The attributes; the map is copied.
     *
     * @param attributes the attributes to send
     * @return this builder
     */
    public Builder attributes(Map<String, ?> attributes) {
      this.attributes = Attributes.snapshot(attributes, "attributes");
      return this;
    }

    /**
     * Merge (the default) or replace.
     *
     * @param mode merge or replace
     * @return this builder
     */
    public Builder mode(AttributesMode mode) {
      this.mode = Validation.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public AttributesRequest build() {
      return new AttributesRequest(this);
    }
  }
}
