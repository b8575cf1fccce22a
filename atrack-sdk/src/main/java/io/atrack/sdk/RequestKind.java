package io.atrack.sdk;

/** The three kinds of request the SDK sends, one per API endpoint. */
public enum RequestKind {
  /** {@code POST /init}, from {@link ATrack#init}. A state change: a per-user barrier. */
  INIT("/init"),
  /** {@code POST /attributes}, from {@link ATrack#setAttributes}. A state change. */
  ATTRIBUTES("/attributes"),
  /** {@code POST /event}, from {@link ATrack#track}. Events may travel in parallel. */
  EVENT("/event");

  private final String path;

  RequestKind(String path) {
    this.path = path;
  }

  /**
   * The endpoint's path, for example {@code /event}.
   *
   * @return the path, starting with {@code /}
   */
  public String path() {
    return path;
  }

  /**
   * Whether this request must wait for everything its user called before it.
   *
   * @return true for {@code init} and {@code setAttributes}
   */
  public boolean isStateChange() {
    return this != EVENT;
  }
}
