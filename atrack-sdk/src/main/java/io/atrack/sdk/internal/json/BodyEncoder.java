package io.atrack.sdk.internal.json;

import io.atrack.sdk.AttributesMode;
import io.atrack.sdk.RequestContext;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes the three request bodies of SPEC section 3, keys in the order shown there. Internal: not
 * API.
 *
 * <p>Runs on the caller's thread, once per call: the body is final from then on, so later changes
 * to the caller's maps do not change what is sent, and a value JSON cannot carry fails the call
 * that passed it, before anything is queued.
 */
public final class BodyEncoder {
  private static final JsonKey SDK_VERSION = JsonKey.of("sdkVersion");
  private static final JsonKey UUID = JsonKey.of("uuid");
  private static final JsonKey IS_NEW_USER = JsonKey.of("isNewUser");
  private static final JsonKey MODE = JsonKey.of("mode");
  private static final JsonKey CONTEXT = JsonKey.of("context");
  private static final JsonKey ATTRIBUTES = JsonKey.of("attributes");
  private static final JsonKey PROFILE = JsonKey.of("profile");
  private static final JsonKey EVENT = JsonKey.of("event");
  private static final JsonKey TIMESTAMP = JsonKey.of("timestamp");
  private static final JsonKey EVENT_ID = JsonKey.of("eventId");
  private static final JsonKey REQUEST_ID = JsonKey.of("requestId");
  private static final JsonKey LOCALE = JsonKey.of("locale");
  private static final JsonKey TIMEZONE = JsonKey.of("timezone");

  private static final byte[] EMPTY_OBJECT = {'{', '}'};

  private final String sdkVersion;
  private final int maxBodyBytes;

  /** An encoder stamping {@code sdkVersion} and refusing bodies over {@code maxBodyBytes}. */
  public BodyEncoder(String sdkVersion, int maxBodyBytes) {
    this.sdkVersion = sdkVersion;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * The {@code POST /init} body, with {@code isNewUser} as given: the lane may rewrite it ({@link
   * StateBody#withIsNewUser}).
   */
  public StateBody init(
      String uuid, boolean isNewUser, RequestContext context, Map<String, ?> attributes) {
    byte[] contextJson = context(context); // before start(): one writer at a time per thread
    JsonWriter w = start("/init", uuid);
    try {
      w.name(IS_NEW_USER);
      int isNewUserAt = w.size();
      w.value(isNewUser);
      w.name(MODE).value(AttributesMode.MERGE.wireName());
      w.name(CONTEXT).rawValue(contextJson);
      w.name(ATTRIBUTES);
      int from = w.size();
      w.value(attributes, "userAttributes");
      int to = w.size();
      profile(w, context);
      requestId(w);
      w.endObject();
      return new StateBody(w.toByteArray(), isNewUserAt, from, to);
    } catch (JsonLimitException e) {
      throw tooLarge("/init", e);
    }
  }

  /** The {@code POST /attributes} body. */
  public StateBody attributes(
      String uuid, AttributesMode mode, Map<String, ?> attributes, RequestContext context) {
    JsonWriter w = start("/attributes", uuid);
    try {
      w.name(MODE).value(mode.wireName());
      w.name(ATTRIBUTES);
      int from = w.size();
      w.value(attributes, "attributes");
      int to = w.size();
      profile(w, context);
      requestId(w);
      w.endObject();
      return new StateBody(w.toByteArray(), -1, from, to);
    } catch (JsonLimitException e) {
      throw tooLarge("/attributes", e);
    }
  }

  /**
   * The {@code POST /event} body; {@code contextJson} comes from {@link #context(RequestContext)},
   * and the {@code eventId} is the UUID with the given bits.
   */
  public byte[] event(
      String uuid,
      String event,
      Map<String, ?> attributes,
      long epochMillis,
      byte[] contextJson,
      long eventIdHigh,
      long eventIdLow) {
    JsonWriter w = start("/event", uuid);
    try {
      w.name(EVENT).value(event);
      w.name(ATTRIBUTES).value(attributes, "attributes");
      w.name(TIMESTAMP).valueIsoMillis(epochMillis);
      w.name(CONTEXT).rawValue(contextJson);
      // Written from its bits: the caller's path makes no UUID or String for it.
      w.name(EVENT_ID).valueUuid(eventIdHigh, eventIdLow);
      w.endObject();
      return w.toByteArray();
    } catch (JsonLimitException e) {
      throw tooLarge("/event \"" + event + "\"", e);
    }
  }

  private JsonWriter start(String endpoint, String uuid) {
    JsonWriter w = JsonWriter.create(maxBodyBytes);
    try {
      w.beginObject();
      w.name(SDK_VERSION).value(sdkVersion);
      w.name(UUID).value(uuid);
      return w;
    } catch (JsonLimitException e) {
      throw tooLarge(endpoint, e);
    }
  }

  /**
   * {@code context} as a JSON object, for {@link #event(String, String, Map, long, byte[], long,
   * long)} and {@code /init}: encode a request's context once and send it with each of its events.
   */
  public byte[] context(RequestContext context) {
    if (context.isEmpty()) {
      return EMPTY_OBJECT;
    }
    JsonWriter w = JsonWriter.create(maxBodyBytes);
    try {
      w.beginObject();
      context.forEach((k, v) -> w.name(k).value(v));
      w.endObject();
      return w.toByteArray();
    } catch (JsonLimitException e) {
      throw new IllegalArgumentException(
          "the request context alone is over the limit of "
              + maxBodyBytes
              + " bytes (maxBodyBytes); send fewer or smaller context entries",
          e);
    }
  }

  /**
   * A state change's idempotency id, as {@code eventId} is an event's: made once per call, so every
   * attempt (the engine's retries, the transport's resend on a stale connection) carries the same
   * one, and a server can drop an {@code /init} or {@code /attributes} it has already applied.
   */
  private static void requestId(JsonWriter w) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    w.name(REQUEST_ID).valueUuid(Ids.v4High(random.nextLong()), Ids.v4Low(random.nextLong()));
  }

  private static void profile(JsonWriter w, RequestContext context) {
    w.name(PROFILE).beginObject();
    context.locale().ifPresent(locale -> w.name(LOCALE).value(locale));
    context.timezone().ifPresent(timezone -> w.name(TIMEZONE).value(timezone));
    w.endObject();
  }

  private IllegalArgumentException tooLarge(String what, JsonLimitException e) {
    return new IllegalArgumentException(
        "the body of POST "
            + what
            + " would be over the limit of "
            + maxBodyBytes
            + " bytes (maxBodyBytes); send fewer or smaller attributes",
        e);
  }
}
