package io.atrack.sdk.internal.json;

import java.util.Arrays;

/**
 * An object member name encoded once, for names that are written again and again: {@code
 * "sdkVersion":} as UTF-8 bytes, quotes and colon included.
 *
 * <p>Internal: not API, may change without notice.
 *
 * <pre>{@code
 * private static final JsonKey SDK_VERSION = JsonKey.of("sdkVersion");
 * writer.name(SDK_VERSION).value(version);   // one array copy for the name
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
final class JsonKey {
  private final String name;
  private final byte[] encoded;

  private JsonKey(String name, byte[] encoded) {
    this.name = name;
    this.encoded = encoded;
  }

  /**
   * Encodes {@code name} once, escaped as {@link JsonWriter#value(String)} would escape it.
   *
   * @throws NullPointerException if {@code name} is null
   */
  public static JsonKey of(String name) {
    byte[] buf = new byte[name.length() * Utf8.MAX_BYTES_PER_CHAR + 3];
    int pos = 0;
    buf[pos++] = '"';
    pos = Utf8.encode(name, 0, name.length(), buf, pos);
    buf[pos++] = '"';
    buf[pos++] = ':';
    return new JsonKey(name, Arrays.copyOf(buf, pos));
  }

  /** The name as given. */
  public String name() {
    return name;
  }

  /** The encoded bytes; callers must not modify them. */
  byte[] encoded() {
    return encoded;
  }

  @Override
  public String toString() {
    return name;
  }
}
