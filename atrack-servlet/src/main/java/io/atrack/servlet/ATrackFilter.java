package io.atrack.servlet;

import io.atrack.sdk.ATrack;
import io.atrack.sdk.RequestContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A Servlet filter that runs every request inside its own A-Track request scope, so concurrent
 * requests never share a current user, and every SDK call made for the request carries its context:
 * {@code url} (path and query as received), {@code referer}, {@code userAgent}, {@code locale} (the
 * first {@code Accept-Language} choice by q-value, as a BCP 47 tag), {@code timezone} (from a
 * configured header or cookie, when it names an IANA zone) and {@code ipAddress} (the client,
 * behind trusted proxies only; see {@link Builder#trustedProxies}).
 *
 * <pre>{@code
 * ATrackFilter filter = ATrackFilter.builder(sdk)
 *     .trustedProxies("10.0.0.0/8")        // your load balancers; none by default
 *     .build();
 * FilterRegistration.Dynamic reg = servletContext.addFilter("atrack", filter);
 * reg.setAsyncSupported(true);
 * reg.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
 * }</pre>
 *
 * <p><b>Scope life.</b> The scope opens when a request enters the filter and closes in a {@code
 * finally} when the container thread leaves it, whatever the chain threw; closing also drops any
 * scope the application opened inside it and never closed, so the pooled thread is clean for the
 * next request. Work the request starts with {@code AsyncContext.start} runs inside the scope; an
 * async re-dispatch ({@link jakarta.servlet.DispatcherType#ASYNC}) and error dispatches run the
 * chain inside it again. For work handed to your own executors, wrap it: {@code
 * executor.submit(RequestContext.wrap(task))}. The scope stays usable by such work after the
 * container thread left it.
 *
 * <p><b>Analytics never break a request.</b> A failure inside the filter's own work (building the
 * context, the customizer, the cookie) is logged (rate-limited) and the request goes on, outside
 * any scope if need be. Exceptions from the application pass through untouched.
 *
 * <p>Thread-safe; one instance serves all requests. The public no-argument constructor exists only
 * for {@code web.xml}; see {@link #init}.
 */
public final class ATrackFilter implements Filter {
  /**
   * The {@code ServletContext} attribute under which a filter declared in {@code web.xml} finds its
   * client: {@value}. Put your {@link ATrack} there in a {@code ServletContextListener}.
   */
  public static final String SDK_ATTRIBUTE = "io.atrack.sdk.ATrack";

  /** Default name of the anonymous-visitor cookie: {@value}. */
  public static final String DEFAULT_VISITOR_COOKIE_NAME = "atrack_vid";

  /** Default lifetime of the anonymous-visitor cookie: 365 days. */
  public static final Duration DEFAULT_VISITOR_COOKIE_MAX_AGE = Duration.ofDays(365);

  static final String SCOPE_ATTRIBUTE = ATrackFilter.class.getName() + ".scope";

  private static final System.Logger log = System.getLogger(ATrackFilter.class.getName());

  private volatile @Nullable Settings settings;
  private final WarningLog failures = new WarningLog(log);

  /**
   * For {@code web.xml} only: the container calls {@link #init}, which reads the client from the
   * {@value #SDK_ATTRIBUTE} context attribute. In code, use {@link #builder(ATrack)}.
   */
  public ATrackFilter() {}

  private ATrackFilter(Settings settings) {
    this.settings = settings;
  }

  /**
   * A builder for a filter that opens scopes for {@code sdk}'s calls.
   *
   * @param sdk the client whose calls the scopes are for
   * @return a new builder
   */
  public static Builder builder(ATrack sdk) {
    return new Builder(Objects.requireNonNull(sdk, "sdk"));
  }

  /**
   * Configures a filter made with the no-argument constructor ({@code web.xml}); a filter made with
   * {@link #builder} ignores this. Reads the {@link ATrack} from the {@value #SDK_ATTRIBUTE}
   * context attribute and these optional init parameters: {@code trusted-proxies} (CIDRs separated
   * by commas), {@code timezone-header}, {@code timezone-cookie}, {@code visitor-cookie} ({@code
   * true}/{@code false}), {@code visitor-cookie-name}, {@code visitor-cookie-max-age} (seconds, or
   * ISO-8601 such as {@code P30D}), {@code anonymize-ip} ({@code true}/{@code false}).
   *
   * @throws ServletException when the attribute holds no {@link ATrack} or a parameter is invalid
   *     (at startup, so a misconfiguration never waits for the first request)
   */
  @Override
  public void init(FilterConfig config) throws ServletException {
    if (settings != null) {
      return;
    }
    Object sdk = config.getServletContext().getAttribute(SDK_ATTRIBUTE);
    if (!(sdk instanceof ATrack client)) {
      throw new ServletException(
          "ATrackFilter: no io.atrack.sdk.ATrack in the ServletContext attribute \""
              + SDK_ATTRIBUTE
              + "\" (found "
              + (sdk == null ? "nothing" : sdk.getClass().getName())
              + "); set it in a ServletContextListener, or build the filter with"
              + " ATrackFilter.builder(sdk)");
    }
    try {
      Builder b = builder(client);
      String proxies = config.getInitParameter("trusted-proxies");
      if (proxies != null && !proxies.isBlank()) {
        b.trustedProxies(
            Arrays.stream(proxies.split(","))
                .map(String::strip)
                .filter(p -> !p.isEmpty())
                .toArray(String[]::new));
      }
      b.timezoneHeader(config.getInitParameter("timezone-header"));
      b.timezoneCookie(config.getInitParameter("timezone-cookie"));
      b.visitorCookie(Boolean.parseBoolean(config.getInitParameter("visitor-cookie")));
      String name = config.getInitParameter("visitor-cookie-name");
      if (name != null) {
        b.visitorCookieName(name);
      }
      String maxAge = config.getInitParameter("visitor-cookie-max-age");
      if (maxAge != null) {
        b.visitorCookieMaxAge(duration(maxAge.strip()));
      }
      b.anonymizeIp(Boolean.parseBoolean(config.getInitParameter("anonymize-ip")));
      this.settings = b.settings();
    } catch (IllegalArgumentException e) {
      throw new ServletException("ATrackFilter: " + e.getMessage(), e);
    }
  }

  private static Duration duration(String text) {
    if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9') && text.length() < 12) {
      return Duration.ofSeconds(Long.parseLong(text));
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "visitor-cookie-max-age \"" + text + "\" is neither seconds nor an ISO-8601 duration");
    }
  }

  /**
   * Runs the rest of the chain inside the request's scope; see the class description. Throws only
   * what the chain throws.
   */
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Settings s = settings;
    if (s == null
        || !(request instanceof HttpServletRequest http)
        || !(response instanceof HttpServletResponse httpResponse)) {
      chain.doFilter(request, response);
      return;
    }
    Object carried = request.getAttribute(SCOPE_ATTRIBUTE);
    if (carried instanceof CarriedScope scope) {
      // An async, error, forward or include dispatch of a request whose scope is open already.
      ServletRequest passed =
          request instanceof ScopedRequest ? request : new ScopedRequest(http, scope);
      scope.run(() -> chain.doFilter(passed, response));
      return;
    }
    Opened opened = open(s, http, httpResponse);
    if (opened == null) {
      chain.doFilter(request, response);
      return;
    }
    try {
      chain.doFilter(opened.request, response);
    } finally {
      opened.scope.close(); // never throws; also drops scopes the application left open inside
    }
  }

  /** Opens the request's scope, or returns null (logged) if anything in the SDK's part failed. */
  private @Nullable Opened open(
      Settings s, HttpServletRequest request, HttpServletResponse response) {
    RequestContext.Scope scope = null;
    try {
      RequestContext context = context(s, request);
      String visitor = s.visitorCookie ? visitor(s, request, response) : null;
      scope = visitor == null ? context.makeCurrent() : context.makeCurrent(visitor);
      CarriedScope carried = new CarriedScope(); // captures the scope just opened
      request.setAttribute(SCOPE_ATTRIBUTE, carried);
      return new Opened(scope, new ScopedRequest(request, carried));
    } catch (RuntimeException | LinkageError e) {
      if (scope != null) {
        scope.close();
      }
      failures.warn(
          "could not open the request's A-Track scope; the request goes on without it", e);
      return null;
    }
  }

  private RequestContext context(Settings s, HttpServletRequest request) {
    RequestContext.Builder b =
        RequestContext.builder()
            .url(RequestValues.url(request))
            .referer(request.getHeader("Referer"))
            .userAgent(request.getHeader("User-Agent"))
            .locale(AcceptLanguage.preferred(request.getHeaders("Accept-Language")))
            .ipAddress(
                s.clientIp.resolve(
                    request.getRemoteAddr(),
                    request.getHeaders("Forwarded"),
                    request.getHeaders("X-Forwarded-For")));
    String zone = null;
    if (s.timezoneHeader != null) {
      zone = RequestValues.timezone(request.getHeader(s.timezoneHeader));
    }
    if (zone == null && s.timezoneCookie != null) {
      zone = RequestValues.timezone(RequestValues.cookie(request, s.timezoneCookie));
    }
    b.timezone(zone);
    BiConsumer<HttpServletRequest, RequestContext.Builder> customizer = s.customizer;
    if (customizer != null) {
      try {
        customizer.accept(request, b);
      } catch (RuntimeException e) {
        failures.warn("the context customizer threw; its entries are left out", e);
      }
    }
    return b.build();
  }

  /** The visitor's uuid from the cookie, or a new one set in a new cookie. */
  private static String visitor(
      Settings s, HttpServletRequest request, HttpServletResponse response) {
    String value = RequestValues.cookie(request, s.visitorCookieName);
    if (RequestValues.isUuid(value)) {
      return RequestValues.lower(Objects.requireNonNull(value));
    }
    String uuid = UUID.randomUUID().toString();
    if (!response.isCommitted()) {
      Cookie cookie = new Cookie(s.visitorCookieName, uuid);
      cookie.setPath("/");
      cookie.setMaxAge(s.visitorCookieMaxAgeSeconds);
      cookie.setHttpOnly(true);
      cookie.setSecure(true);
      cookie.setAttribute("SameSite", "Lax");
      response.addCookie(cookie);
    }
    return uuid;
  }

  /** Nothing to release: the client belongs to the application, which closes it. */
  @Override
  public void destroy() {}

  @Override
  public String toString() {
    Settings s = settings;
    return s == null ? "ATrackFilter{not initialised}" : "ATrackFilter{" + s + '}';
  }

  private static final class Opened {
    final RequestContext.Scope scope;
    final ServletRequest request;

    Opened(RequestContext.Scope scope, ServletRequest request) {
      this.scope = scope;
      this.request = request;
    }
  }

  /** What {@link Builder#build()} fixed. Immutable. */
  private static final class Settings {
    final ATrack sdk;
    final ClientIp clientIp;
    final int trustedProxyCount;
    final @Nullable String timezoneHeader;
    final @Nullable String timezoneCookie;
    final boolean visitorCookie;
    final String visitorCookieName;
    final int visitorCookieMaxAgeSeconds;
    final boolean anonymizeIp;
    final @Nullable BiConsumer<HttpServletRequest, RequestContext.Builder> customizer;

    Settings(Builder b, TrustedProxies trusted) {
      this.sdk = b.sdk;
      this.clientIp = new ClientIp(trusted, b.anonymizeIp);
      this.trustedProxyCount = trusted.size();
      this.timezoneHeader = b.timezoneHeader;
      this.timezoneCookie = b.timezoneCookie;
      this.visitorCookie = b.visitorCookie;
      this.visitorCookieName = b.visitorCookieName;
      this.visitorCookieMaxAgeSeconds = (int) b.visitorCookieMaxAge.toSeconds();
      this.anonymizeIp = b.anonymizeIp;
      this.customizer = b.customizer;
    }

    @Override
    public String toString() {
      return "sdk="
          + sdk
          + ", trustedProxies="
          + trustedProxyCount
          + ", visitorCookie="
          + (visitorCookie ? visitorCookieName : "off")
          + ", anonymizeIp="
          + anonymizeIp;
    }
  }

  /**
   * Builds an {@link ATrackFilter}. Every setter checks its argument at once; {@link #build()}
   * parses the trusted proxies. Not thread-safe.
   *
   * <table>
   *   <caption>Settings and defaults</caption>
   *   <tr><th>setting</th><th>default</th></tr>
   *   <tr><td>trustedProxies</td><td>none: the socket peer is the client</td></tr>
   *   <tr><td>timezoneHeader / timezoneCookie</td><td>none</td></tr>
   *   <tr><td>visitorCookie</td><td>off</td></tr>
   *   <tr><td>visitorCookieName</td><td>{@value ATrackFilter#DEFAULT_VISITOR_COOKIE_NAME}</td></tr>
   *   <tr><td>visitorCookieMaxAge</td><td>365 days</td></tr>
   *   <tr><td>anonymizeIp</td><td>off</td></tr>
   *   <tr><td>contextCustomizer</td><td>none</td></tr>
   * </table>
   */
  public static final class Builder {
    private final ATrack sdk;
    private List<String> trustedProxies = List.of();
    private @Nullable String timezoneHeader;
    private @Nullable String timezoneCookie;
    private boolean visitorCookie;
    private String visitorCookieName = DEFAULT_VISITOR_COOKIE_NAME;
    private Duration visitorCookieMaxAge = DEFAULT_VISITOR_COOKIE_MAX_AGE;
    private boolean anonymizeIp;
    private @Nullable BiConsumer<HttpServletRequest, RequestContext.Builder> customizer;

    private Builder(ATrack sdk) {
      this.sdk = sdk;
    }

    /**
     * The proxies whose forwarding headers are believed: CIDRs such as {@code 10.0.0.0/8}, {@code
     * 2001:db8::/32}, or single addresses. Replaces any set before; none by default.
     *
     * <p>Only when the socket peer is inside one of them does the filter read {@code Forwarded}
     * (RFC 7239, which wins when both are present) or else {@code X-Forwarded-For}, and take the
     * right-most address there that is not itself a trusted proxy. From any other peer those
     * headers are ignored: anyone can send them. A chain that cannot be read gives the peer. Trust
     * only proxies that overwrite or append to these headers. Numeric only: a host name is refused,
     * never looked up.
     *
     * @param cidrs the trusted proxies' CIDRs or addresses
     * @return this builder
     * @throws IllegalArgumentException (from {@link #build()}) naming an entry that is not a CIDR
     */
    public Builder trustedProxies(String... cidrs) {
      Objects.requireNonNull(cidrs, "cidrs");
      List<String> list = new ArrayList<>(cidrs.length);
      for (String c : cidrs) {
        list.add(Objects.requireNonNull(c, "trustedProxies: a CIDR is null"));
      }
      this.trustedProxies = List.copyOf(list);
      return this;
    }

    /**
     * A request header whose value is the client's IANA timezone ({@code Europe/Berlin}), for
     * example set by your front end; null for none (the default). Values that are not zone ids the
     * JDK knows are ignored.
     *
     * @param name the header's name, or null for none
     * @return this builder
     */
    public Builder timezoneHeader(@Nullable String name) {
      this.timezoneHeader = blankToNull(name);
      return this;
    }

    /**
     * A cookie whose value is the client's IANA timezone (percent-encoding allowed: {@code
     * America%2FNew_York}); read when the header gives none; null for none (the default).
     *
     * @param name the cookie's name, or null for none
     * @return this builder
     */
    public Builder timezoneCookie(@Nullable String name) {
      this.timezoneCookie = blankToNull(name);
      return this;
    }

    /**
     * Whether a request gets an anonymous visitor's uuid from a cookie; off by default. On, a
     * request without a valid cookie gets a new random (v4) uuid, sent back in an {@code HttpOnly;
     * Secure; SameSite=Lax} cookie, so one browser keeps one uuid across requests. The scope's
     * current user starts as that uuid: {@code sdk.init()} without a uuid initialises the visitor
     * ({@code isNewUser} when the user storage has no record of it), and {@code track} works
     * without an {@code init}. An {@code init} with your own uuid (a signed-in user) replaces it
     * for the request. A cookie value that is not a uuid is replaced, never thrown on.
     *
     * @param enabled whether to give anonymous visitors a cookie uuid
     * @return this builder
     */
    public Builder visitorCookie(boolean enabled) {
      this.visitorCookie = enabled;
      return this;
    }

    /**
     * The visitor cookie's name; default {@value ATrackFilter#DEFAULT_VISITOR_COOKIE_NAME}.
     *
     * @param name the cookie's name
     * @return this builder
     * @throws IllegalArgumentException when not a valid cookie name (an RFC 6265 token)
     */
    public Builder visitorCookieName(String name) {
      Objects.requireNonNull(name, "visitorCookieName");
      try {
        new Cookie(name, "x");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "visitorCookieName \"" + name + "\" is not a valid cookie name: " + e.getMessage(), e);
      }
      this.visitorCookieName = name;
      return this;
    }

    /**
     * How long the visitor cookie lives in the browser; default 365 days.
     *
     * @param maxAge the cookie's lifetime, at least one second
     * @return this builder
     * @throws IllegalArgumentException when not at least one second, or over {@code
     *     Integer.MAX_VALUE} seconds
     */
    public Builder visitorCookieMaxAge(Duration maxAge) {
      Objects.requireNonNull(maxAge, "visitorCookieMaxAge");
      if (maxAge.toSeconds() < 1 || maxAge.toSeconds() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "visitorCookieMaxAge must be between 1 s and "
                + Integer.MAX_VALUE
                + " s, was "
                + maxAge);
      }
      this.visitorCookieMaxAge = maxAge;
      return this;
    }

    /**
     * Whether to send the client IP with its last IPv4 octet, or last 80 IPv6 bits, set to zero
     * ({@code 203.0.113.0}, {@code 2001:db8:85a3::}), for privacy rules; off by default.
     *
     * @param enabled whether to anonymize client IPs
     * @return this builder
     */
    public Builder anonymizeIp(boolean enabled) {
      this.anonymizeIp = enabled;
      return this;
    }

    /**
     * Adds code that adds entries to each request's context before the scope opens (a trace id, a
     * tenant); several run in the order added. It runs on the request's thread; if it throws, the
     * failure is logged and the context is sent without what it had not added yet.
     *
     * @param c the customizer, called with the request and the context being built
     * @return this builder
     */
    public Builder contextCustomizer(BiConsumer<HttpServletRequest, RequestContext.Builder> c) {
      Objects.requireNonNull(c, "contextCustomizer");
      BiConsumer<HttpServletRequest, RequestContext.Builder> before = customizer;
      this.customizer = before == null ? c : before.andThen(c);
      return this;
    }

    /**
     * Builds the filter.
     *
     * @return the filter
     * @throws IllegalArgumentException naming a trusted proxy that is not a CIDR
     */
    public ATrackFilter build() {
      return new ATrackFilter(settings());
    }

    private Settings settings() {
      return new Settings(this, TrustedProxies.parse(trustedProxies));
    }

    private static @Nullable String blankToNull(@Nullable String s) {
      return s == null || s.isBlank() ? null : s.strip();
    }
  }
}
