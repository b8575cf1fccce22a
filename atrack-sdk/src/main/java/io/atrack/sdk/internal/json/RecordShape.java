package io.atrack.sdk.internal.json;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * A record class's components in declaration order, with their accessors and pre-encoded names,
 * looked up once per class.
 */
final class RecordShape {
  private static final ClassValue<RecordShape> SHAPES =
      new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
          return new RecordShape(type);
        }
      };

  private final String[] names;
  private final JsonKey[] keys;
  private final Method[] accessors;

  private RecordShape(Class<?> type) {
    RecordComponent[] components = type.getRecordComponents();
    int n = components.length;
    names = new String[n];
    keys = new JsonKey[n];
    accessors = new Method[n];
    for (int i = 0; i < n; i++) {
      names[i] = components[i].getName();
      keys[i] = JsonKey.of(names[i]);
      Method accessor = components[i].getAccessor();
      // Needed for records that are not public or sit in a non-exported package; where the
      // module system refuses, invoke() reports it and ValueWriter names the component.
      accessor.trySetAccessible();
      accessors[i] = accessor;
    }
  }

  /** The shape of {@code type}, which must be a record class. */
  static RecordShape of(Class<?> type) {
    return SHAPES.get(type);
  }

  int size() {
    return names.length;
  }

  String name(int i) {
    return names[i];
  }

  JsonKey key(int i) {
    return keys[i];
  }

  Method accessor(int i) {
    return accessors[i];
  }
}
