package io.atrack.sdk;

import java.util.Locale;

/** How {@link ATrack#setAttributes} changes a user's stored attributes. */
public enum AttributesMode {
  /** Adds the given attributes to the user's, overwriting keys that exist. The default. */
  MERGE,
  /** Replaces all of the user's attributes with the given ones. */
  REPLACE;

  /**
   * The value sent as {@code mode}: {@code "merge"} or {@code "replace"}.
   *
   * @return the wire name, lower case
   */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
