package io.atrack.sdk.internal.json;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a JSON document would grow past its writer's size limit.
 *
 * <p>Internal: not API, may change without notice.
 *
 * <p>The writer stops as soon as the limit is crossed, so a huge value is never encoded in full. It
 * is an {@link IllegalArgumentException} because the value handed to the SDK is at fault.
 */
final class JsonLimitException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int maxBytes;

  JsonLimitException(int maxBytes, @Nullable String path) {
    super(
        (path == null || path.isEmpty() ? "" : path + ": ")
            + "the JSON body exceeds the size limit of "
            + maxBytes
            + " bytes");
    this.maxBytes = maxBytes;
  }

  /** The limit that was crossed, in bytes of UTF-8. */
  public int maxBytes() {
    return maxBytes;
  }
}
