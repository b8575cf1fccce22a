package io.atrack.sdk.internal.json;

/**
 * The states on a {@link JsonWriter}'s nesting stack, one byte per open container, after Gson's
 * {@code JsonScope}: enough to place commas and colons and to refuse calls out of order.
 */
final class Scope {
  static final byte EMPTY_DOCUMENT = 0;
  static final byte NONEMPTY_DOCUMENT = 1;
  static final byte EMPTY_OBJECT = 2;
  static final byte NONEMPTY_OBJECT = 3;

  /** Inside an object, after a name: a value must follow. */
  static final byte DANGLING_NAME = 4;

  static final byte EMPTY_ARRAY = 5;
  static final byte NONEMPTY_ARRAY = 6;

  /** After {@code toByteArray()} or an error: every call is refused. */
  static final byte FINISHED = 7;

  private Scope() {}

  /** What may come next in {@code state}, for a message. */
  static String expected(byte state) {
    return switch (state) {
      case EMPTY_OBJECT, NONEMPTY_OBJECT -> "expected name() or endObject()";
      case DANGLING_NAME -> "expected a value after name()";
      case EMPTY_ARRAY, NONEMPTY_ARRAY -> "expected a value or endArray()";
      case EMPTY_DOCUMENT -> "expected a value";
      default -> "expected nothing more: the document is complete";
    };
  }
}
