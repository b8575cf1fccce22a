package io.atrack.sdk;

import java.util.Map;

/**
 * A user as the SDK knows it: its uuid and its attributes as the SDK last set them (merge or
 * replace applied).
 *
 * @param uuid the user's id, as given to {@code init} or generated
 * @param attributes the user's attributes, unmodifiable, in the order they were first set
 */
public record User(String uuid, Map<String, Object> attributes) {

  /**
   * Copies {@code attributes} (deeply, for maps and lists) so later changes do not show here.
   *
   * @param uuid the user's uuid
   * @param attributes the user's attributes
   */
  public User {
    Validation.uuid(uuid, "uuid");
    attributes = Attributes.copy(attributes, "attributes");
  }

  /**
   * A user with no attributes.
   *
   * @param uuid the user's uuid
   * @return the user
   */
  public static User of(String uuid) {
    return new User(uuid, Map.of());
  }
}
