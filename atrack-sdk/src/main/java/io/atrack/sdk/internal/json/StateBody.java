package io.atrack.sdk.internal.json;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The body of a state change ({@code /init}, {@code /attributes}) and where its parts sit in it.
 * Internal: not API.
 *
 * <p>The body is encoded on the caller's thread, as every body is; the user's storage is asked only
 * later, in the user's lane, whether the user is new. So an {@code /init} body is encoded with a
 * guess for the new-user flag and {@link #withIsNewUser} rewrites that one literal when the storage
 * says otherwise. The attributes are read back from the bytes ({@link #attributes()}) to be stored
 * as they were sent.
 */
public final class StateBody {
  private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

  private final byte[] bytes;
  private final int flagAt;
  private final int attributesFrom;
  private final int attributesTo;

  /**
   * A body and its parts: the new-user literal at {@code flagAt} (-1 for {@code /attributes}), the
   * attributes object in {@code [attributesFrom, attributesTo)}.
   */
  StateBody(byte[] bytes, int flagAt, int attributesFrom, int attributesTo) {
    this.bytes = bytes;
    this.flagAt = flagAt;
    this.attributesFrom = attributesFrom;
    this.attributesTo = attributesTo;
  }

  /** The body as encoded; not to be changed. */
  public byte[] bytes() {
    return bytes;
  }

  /** The attributes as sent: plain JSON values, nothing of the caller's objects. */
  public Map<String, Object> attributes() {
    return attributesTo - attributesFrom == 2
        ? Map.of()
        : JsonReader.readObject(bytes, attributesFrom, attributesTo);
  }

  /** The new-user flag the body was encoded with. */
  public boolean isNewUser() {
    return flagAt >= 0 && bytes[flagAt] == 't';
  }

  /**
   * The body with {@code isNewUser} set to {@code value}: {@link #bytes()} itself when it already
   * says so, else a copy with the literal replaced (the bytes around it unchanged).
   */
  public byte[] withIsNewUser(boolean value) {
    if (flagAt < 0 || isNewUser() == value) {
      return bytes;
    }
    byte[] from = value ? FALSE : TRUE;
    byte[] to = value ? TRUE : FALSE;
    byte[] patched = new byte[bytes.length - from.length + to.length];
    System.arraycopy(bytes, 0, patched, 0, flagAt);
    System.arraycopy(to, 0, patched, flagAt, to.length);
    int rest = flagAt + from.length;
    System.arraycopy(bytes, rest, patched, flagAt + to.length, bytes.length - rest);
    return patched;
  }
}
