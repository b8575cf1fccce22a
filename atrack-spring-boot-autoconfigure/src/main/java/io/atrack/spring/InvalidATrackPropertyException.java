package io.atrack.spring;

import org.jspecify.annotations.Nullable;

/**
 * An {@code atrack.*} property the client cannot start with: missing, or refused by the client's
 * builder. Thrown while the {@code ATrack} bean is created; {@link ATrackFailureAnalyzer} turns it
 * into Boot's startup failure report naming the property. The value shown is masked for the key.
 */
final class InvalidATrackPropertyException extends IllegalStateException {
  private final String property;
  private final @Nullable String value;
  private final String reason;
  private final String action;

  InvalidATrackPropertyException(
      String property,
      @Nullable String value,
      String reason,
      String action,
      @Nullable Throwable cause) {
    super(property + ": " + reason, cause);
    this.property = property;
    this.value = value;
    this.reason = reason;
    this.action = action;
  }

  /** The property's name, for example {@code atrack.geo}. */
  String property() {
    return property;
  }

  /** The value as it may be shown (a key is masked), or null when the property is missing. */
  @Nullable String value() {
    return value;
  }

  /** Why the value is refused. */
  String reason() {
    return reason;
  }

  /** What to do about it. */
  String action() {
    return action;
  }
}
