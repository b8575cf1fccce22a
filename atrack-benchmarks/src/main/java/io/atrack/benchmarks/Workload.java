package io.atrack.benchmarks;

import io.atrack.benchmarks.clients.CollectorTrust;
import io.atrack.sdk.ATrack;
import io.atrack.sdk.ATrackBuilder;
import io.atrack.sdk.RequestContext;
import io.atrack.sdk.internal.json.BodyEncoder;
import io.atrack.sdk.internal.json.Ids;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The event every benchmark sends: a realistic server-side {@code checkout_completed} with five
 * attributes, inside a request context (url, referer, ip, user agent, locale, timezone), so every
 * client serialises the same information. The A-Track {@code /event} body is 558 bytes: the issue's
 * 346-byte reference POST plus a full request context.
 */
public final class Workload {
  public static final String EVENT = "checkout_completed";
  public static final String PUBLIC_KEY = "pub_bench_0123456789abcdef";

  /** Five attributes of the usual kinds: strings, an integer, a boolean, a decimal. */
  public static final Map<String, Object> ATTRIBUTES =
      Map.of(
          "orderId",
          "ord_2f9c41b7",
          "totalCents",
          14_990,
          "currency",
          "EUR",
          "firstOrder",
          true,
          "discountRate",
          0.15);

  public static final RequestContext CONTEXT =
      RequestContext.builder()
          .url("/checkout/confirm?step=3&source=newsletter")
          .referer("https://shop.example.com/cart")
          .ipAddress("134.122.17.144")
          .userAgent(
              "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36")
          .locale("de-DE")
          .timezone("Europe/Berlin")
          .build();

  private Workload() {}

  private static final String[] USERS = new String[64];

  static {
    for (int i = 0; i < USERS.length; i++) {
      USERS[i] = "server-user-" + (1000 + i);
    }
  }

  /** A user id for thread {@code t}: callers on different threads track different users. */
  /**
   * One {@code /event} body as the SDK encodes it for user {@code t}: the context encoded whole, a
   * fresh eventId. What the socket client sends, and the size the bounds are measured against.
   */
  public static byte[] body(BodyEncoder encoder, int t) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return encoder.event(
        user(t),
        EVENT,
        ATTRIBUTES,
        System.currentTimeMillis(),
        encoder.context(CONTEXT),
        Ids.v4High(random.nextLong()),
        Ids.v4Low(random.nextLong()));
  }

  /** The size of {@link #body(BodyEncoder, int)}. */
  public static int bodyBytes() {
    return body(new BodyEncoder(ATrack.sdkVersion(), 64 * 1024), 0).length;
  }

  public static String user(int t) {
    return USERS[t & 63];
  }

  /** The request context as a plain map, for the peers' context/properties. */
  public static Map<String, Object> contextMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    CONTEXT.forEach(m::put);
    return m;
  }

  /**
   * The SDK against {@code collectorUrl}, no shutdown hook; callers add what they measure. An
   * {@code https} collector is trusted through {@link CollectorTrust} (as a user trusts a corporate
   * CA with {@code sslContext}); every other setting is the default.
   */
  public static ATrackBuilder sdk(String collectorUrl) {
    ATrackBuilder b =
        ATrack.builder().publicKey(PUBLIC_KEY).baseUrl(collectorUrl).shutdownHook(false);
    if (collectorUrl.startsWith("https:")) {
      b.sslContext(CollectorTrust.context());
    }
    return b;
  }
}
