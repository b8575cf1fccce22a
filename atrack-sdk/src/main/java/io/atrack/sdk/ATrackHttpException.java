package io.atrack.sdk;

/**
 * The API answered with a status that means the request will not be accepted: a 4xx other than 408
 * and 429 at once, or a retried status (408, 429, 5xx) on the last attempt. For 401 and 403 the
 * message names the masked key.
 */
public final class ATrackHttpException extends ATrackException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status code of the last answer. */
  private final int statusCode;

  /** The start of the API's answer body, key masked. */
  private final String apiMessage;

  ATrackHttpException(
      String message, RequestKind kind, int attempts, int statusCode, String apiMessage) {
    super(message, kind, attempts, null);
    this.statusCode = statusCode;
    this.apiMessage = apiMessage;
  }

  /**
   * The HTTP status code of the last answer.
   *
   * @return the status code, for example {@code 401}
   */
  public int statusCode() {
    return statusCode;
  }

  /**
   * The start of the API's answer body (its message) with the key masked, possibly empty.
   *
   * @return the API's message, possibly empty
   */
  public String apiMessage() {
    return apiMessage;
  }
}
