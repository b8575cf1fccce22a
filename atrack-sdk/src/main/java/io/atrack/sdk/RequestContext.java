package io.atrack.sdk;

import io.atrack.sdk.internal.context.ScopeState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * What is known about the request a call happens in: url, referer, client IP, user agent, locale,
 * timezone and custom entries. Immutable and thread-safe.
 *
 * <p>Every {@link ATrack} call made inside a scope opened with {@link #makeCurrent()} sends this
 * context ({@code context} in {@code /init} and {@code /event}, {@code locale} and {@code timezone}
 * in {@code profile}), and {@link ATrack#init} inside the scope makes its user the scope's current
 * user, so concurrent requests for different users never see each other's user.
 *
 * <pre>{@code
 * RequestContext ctx = RequestContext.builder()
 *     .url("/pricing?source=google").ipAddress("134.122.17.144").locale("en-US").build();
 * try (RequestContext.Scope ignored = ctx.makeCurrent()) {
 *   sdk.init(InitRequest.forUser("crm-user-42"));
 *   sdk.track("pricing_viewed", Map.of());        // carries ctx and crm-user-42
 *   executor.submit(RequestContext.wrap(() -> sdk.track("async_work", Map.of())));
 * }
 * }</pre>
 *
 * <p>Scopes are bound to the thread that opened them; {@link #wrap(Runnable)} carries the current
 * scope (context and current user) to another thread.
 *
 * <p><b>Values from the outside world are cleaned, never thrown on.</b> Context values usually come
 * from request headers, which a client controls, so the builder never rejects them: every control
 * character (U+0000 to U+001F, U+007F, U+0080 to U+009F; a tab in a {@code User-Agent}, say) is
 * replaced by a space, the value is trimmed, a value left blank is left out, and a value longer
 * than its limit is cut to it ({@value #MAX_URL_LENGTH} chars for {@code url} and {@code referer},
 * {@value #MAX_USER_AGENT_LENGTH} for {@code userAgent}, {@value #MAX_SHORT_VALUE_LENGTH} for
 * {@code ipAddress}, {@code locale} and {@code timezone}, {@value #MAX_VALUE_LENGTH} for a custom
 * entry), never between the two halves of a surrogate pair. The JSON body carries the result
 * escaped. Custom entry <em>names</em> are written by the programmer and still fail fast.
 */
public final class RequestContext {
  /** Longest {@code url} and {@code referer} kept, in chars; longer values are cut. */
  public static final int MAX_URL_LENGTH = 4096;

  /** Longest {@code userAgent} kept, in chars; longer values are cut. */
  public static final int MAX_USER_AGENT_LENGTH = 1024;

  /** Longest {@code ipAddress}, {@code locale} and {@code timezone} kept; longer values are cut. */
  public static final int MAX_SHORT_VALUE_LENGTH = 128;

  /** Longest custom entry value kept, in chars; longer values are cut. */
  public static final int MAX_VALUE_LENGTH = 1024;

  /** Most custom entries kept; entries added past this many are ignored. */
  public static final int MAX_CUSTOM_ENTRIES = 32;

  private static final RequestContext EMPTY = new Builder().build();

  private final @Nullable String url;
  private final @Nullable String referer;
  private final @Nullable String ipAddress;
  private final @Nullable String userAgent;
  private final @Nullable String locale;
  private final @Nullable String timezone;
  private final Map<String, String> custom;

  private RequestContext(Builder b) {
    this.url = b.url;
    this.referer = b.referer;
    this.ipAddress = b.ipAddress;
    this.userAgent = b.userAgent;
    this.locale = b.locale;
    this.timezone = b.timezone;
    this.custom =
        b.custom.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(b.custom));
  }

  /**
   * A context with no entries: what calls outside any scope send ({@code "context":{}}).
   *
   * @return the empty context
   */
  public static RequestContext empty() {
    return EMPTY;
  }

  /**
   * A builder with no entries set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The context of the scope open on this thread, or {@link #empty()}.
   *
   * @return the current scope's context, never null
   */
  public static RequestContext current() {
    ScopeState state = ScopeState.current();
    return state == null ? EMPTY : state.context();
  }

  /**
   * Opens a scope on this thread in which every SDK call picks this context up, and in which {@code
   * init} sets the scope's own current user. Close it on the same thread, with try-with-resources.
   * Scopes nest: closing one restores the one it replaced.
   *
   * <p>Misuse never leaves the scope on the thread for its next task: closing a scope that is not
   * the innermost also leaves the scopes opened inside it; a scope closed from another thread is
   * left by its own thread the next time that thread looks; {@link #clearCurrent()} leaves all.
   *
   * @return the scope, to close on this thread
   */
  public Scope makeCurrent() {
    return new Scope(ScopeState.open(new ScopeState(this)));
  }

  /**
   * Like {@link #makeCurrent()}, with {@code uuid} as the scope's current user from the start: an
   * {@code init()} without a uuid in the scope initialises that user ({@code isNewUser} is true
   * when the user storage has no record of it), and {@code track} and {@code setAttributes} use it.
   * An {@code init} with another uuid replaces it, for this scope only. The Servlet filter's
   * anonymous-visitor cookie works this way.
   *
   * @param uuid the scope's current user
   * @return the scope, to close on this thread
   * @throws IllegalArgumentException when {@code uuid} is blank, over 256 characters or has control
   *     characters
   */
  public Scope makeCurrent(String uuid) {
    Validation.uuid(uuid, "uuid");
    return new Scope(ScopeState.open(new ScopeState(this, uuid)));
  }

  /**
   * Leaves every scope open on this thread, returning whether one was open. For a pooled thread's
   * request boundary (the Servlet filter calls it when a request starts): anything still open there
   * was left by an earlier task that never closed its scope.
   *
   * @return true when a scope was open
   */
  public static boolean clearCurrent() {
    return ScopeState.clear();
  }

  /**
   * Returns a task that runs {@code task} inside the scope open on this thread now (context and
   * current user), wherever it is run. Outside any scope, returns a task that runs outside any.
   * Whatever scope the task opens and fails to close, the running thread is left as it was found.
   * The scope stays usable by the task after the request's own thread has closed it.
   *
   * @param task the task to run inside the scope
   * @return the wrapped task
   */
  public static Runnable wrap(Runnable task) {
    Objects.requireNonNull(task, "task");
    ScopeState captured = ScopeState.current();
    return () -> {
      ScopeState.Frame previous = ScopeState.enter(captured);
      try {
        task.run();
      } finally {
        ScopeState.restore(previous);
      }
    };
  }

  /**
   * Like {@link #wrap(Runnable)}, for a task with a result.
   *
   * @param <T> the task's result type
   * @param task the task to run inside the scope
   * @return the wrapped task
   */
  public static <T> Callable<T> wrap(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    ScopeState captured = ScopeState.current();
    return () -> {
      ScopeState.Frame previous = ScopeState.enter(captured);
      try {
        return task.call();
      } finally {
        ScopeState.restore(previous);
      }
    };
  }

  /**
   * The request's URL or path and query, for example {@code /pricing?source=google}.
   *
   * @return the url, or empty
   */
  public Optional<String> url() {
    return Optional.ofNullable(url);
  }

  /**
   * The {@code Referer} header's value.
   *
   * @return the referer, or empty
   */
  public Optional<String> referer() {
    return Optional.ofNullable(referer);
  }

  /**
   * The client's IP address.
   *
   * @return the IP address, or empty
   */
  public Optional<String> ipAddress() {
    return Optional.ofNullable(ipAddress);
  }

  /**
   * The {@code User-Agent} header's value.
   *
   * @return the user agent, or empty
   */
  public Optional<String> userAgent() {
    return Optional.ofNullable(userAgent);
  }

  /**
   * The user's locale as a BCP 47 tag, for example {@code en-US}.
   *
   * @return the locale, or empty
   */
  public Optional<String> locale() {
    return Optional.ofNullable(locale);
  }

  /**
   * The user's IANA timezone, for example {@code America/New_York}.
   *
   * @return the timezone, or empty
   */
  public Optional<String> timezone() {
    return Optional.ofNullable(timezone);
  }

  /**
   * Custom entries, sent after the standard ones.
   *
   * @return the custom entries, an unmodifiable map in the order set
   */
  public Map<String, String> custom() {
    return custom;
  }

  /**
   * Whether no entry is set.
   *
   * @return true when no entry is set
   */
  public boolean isEmpty() {
    return url == null
        && referer == null
        && ipAddress == null
        && userAgent == null
        && locale == null
        && timezone == null
        && custom.isEmpty();
  }

  /**
   * A builder starting from this context's entries.
   *
   * @return a new builder with this context's entries
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.url = url;
    b.referer = referer;
    b.ipAddress = ipAddress;
    b.userAgent = userAgent;
    b.locale = locale;
    b.timezone = timezone;
    b.custom.putAll(custom);
    return b;
  }

  /**
   * This context with {@code override}'s entries laid over it: an entry set in {@code override}
   * wins.
   *
   * @param override the context whose entries win
   * @return the combined context
   */
  public RequestContext with(RequestContext override) {
    if (override.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return override;
    }
    Builder b = toBuilder();
    if (override.url != null) b.url = override.url;
    if (override.referer != null) b.referer = override.referer;
    if (override.ipAddress != null) b.ipAddress = override.ipAddress;
    if (override.userAgent != null) b.userAgent = override.userAgent;
    if (override.locale != null) b.locale = override.locale;
    if (override.timezone != null) b.timezone = override.timezone;
    b.custom.putAll(override.custom);
    return b.build();
  }

  /**
   * Calls {@code action} with each entry's wire name and value, standard entries first.
   *
   * @param action called with each entry's name and value
   */
  public void forEach(BiConsumer<String, String> action) {
    if (url != null) action.accept("url", url);
    if (referer != null) action.accept("referer", referer);
    if (ipAddress != null) action.accept("ipAddress", ipAddress);
    if (userAgent != null) action.accept("userAgent", userAgent);
    if (locale != null) action.accept("locale", locale);
    if (timezone != null) action.accept("timezone", timezone);
    custom.forEach(action);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestContext c
        && Objects.equals(url, c.url)
        && Objects.equals(referer, c.referer)
        && Objects.equals(ipAddress, c.ipAddress)
        && Objects.equals(userAgent, c.userAgent)
        && Objects.equals(locale, c.locale)
        && Objects.equals(timezone, c.timezone)
        && custom.equals(c.custom);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, referer, ipAddress, userAgent, locale, timezone, custom);
  }

  /** Names the entries that are set, not their values (which may be personal data). */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("RequestContext{");
    forEach((k, v) -> s.append(s.length() > 15 ? ", " : "").append(k));
    return s.append('}').toString();
  }

  /**
   * An open scope; closing it restores the scope it replaced on its thread. Closing is idempotent
   * and never throws; see {@link RequestContext#makeCurrent()} for out-of-order and cross-thread
   * closes.
   */
  public static final class Scope implements AutoCloseable {
    private final ScopeState.Frame frame;

    private Scope(ScopeState.Frame frame) {
      this.frame = frame;
    }

    /** Closes the scope. Idempotent; safe from any thread. */
    @Override
    public void close() {
      ScopeState.close(frame);
    }
  }

  /** Builds a {@link RequestContext}; every setter accepts null to leave the entry out. */
  public static final class Builder {
    private @Nullable String url;
    private @Nullable String referer;
    private @Nullable String ipAddress;
    private @Nullable String userAgent;
    private @Nullable String locale;
    private @Nullable String timezone;
    private final Map<String, String> custom = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets {@code url}, cleaned and cut to {@value #MAX_URL_LENGTH} chars.
     *
     * @param url the url, or null to remove it
     * @return this builder
     */
    public Builder url(@Nullable String url) {
      this.url = ContextValues.clean(url, MAX_URL_LENGTH);
      return this;
    }

    /**
     * Sets {@code referer}, cleaned and cut to {@value #MAX_URL_LENGTH} chars.
     *
     * @param referer the referer, or null to remove it
     * @return this builder
     */
    public Builder referer(@Nullable String referer) {
      this.referer = ContextValues.clean(referer, MAX_URL_LENGTH);
      return this;
    }

    /**
     * Sets {@code ipAddress}, cleaned and cut to {@value #MAX_SHORT_VALUE_LENGTH} chars.
     *
     * @param ipAddress the IP address, or null to remove it
     * @return this builder
     */
    public Builder ipAddress(@Nullable String ipAddress) {
      this.ipAddress = ContextValues.clean(ipAddress, MAX_SHORT_VALUE_LENGTH);
      return this;
    }

    /**
     * Sets {@code userAgent}, cleaned and cut to {@value #MAX_USER_AGENT_LENGTH} chars.
     *
     * @param userAgent the user agent, or null to remove it
     * @return this builder
     */
    public Builder userAgent(@Nullable String userAgent) {
      this.userAgent = ContextValues.clean(userAgent, MAX_USER_AGENT_LENGTH);
      return this;
    }

    /**
     * Sets {@code locale}, also sent in {@code profile}; cleaned and cut to {@value
     * #MAX_SHORT_VALUE_LENGTH} chars.
     *
     * @param locale a BCP 47 tag, or null to remove it
     * @return this builder
     */
    public Builder locale(@Nullable String locale) {
      this.locale = ContextValues.clean(locale, MAX_SHORT_VALUE_LENGTH);
      return this;
    }

    /**
     * Sets {@code timezone}, also sent in {@code profile}; cleaned and cut to {@value
     * #MAX_SHORT_VALUE_LENGTH} chars.
     *
     * @param timezone an IANA zone id, or null to remove it
     * @return this builder
     */
    public Builder timezone(@Nullable String timezone) {
      this.timezone = ContextValues.clean(timezone, MAX_SHORT_VALUE_LENGTH);
      return this;
    }

    /**
     * Adds a custom entry, sent after the standard ones. A null value removes the entry. The value
     * is cleaned and cut to {@value #MAX_VALUE_LENGTH} chars (a value left blank removes the
     * entry); past {@value #MAX_CUSTOM_ENTRIES} entries, new names are ignored.
     *
     * @param name the entry's name
     * @param value the entry's value, or null to remove it
     * @return this builder
     * @throws IllegalArgumentException when {@code name} is blank, over 256 chars, has control
     *     characters, or is one of the standard names
     */
    public Builder put(String name, @Nullable String value) {
      Validation.requireNonNull(name, "context entry name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("context entry name must not be blank");
      }
      Validation.uuid(name, "context entry name");
      switch (name) {
        case "url", "referer", "ipAddress", "userAgent", "locale", "timezone" ->
            throw new IllegalArgumentException(
                "context entry \"" + name + "\" is a standard entry; use its own setter");
        default -> {}
      }
      String cleaned = ContextValues.clean(value, MAX_VALUE_LENGTH);
      if (cleaned == null) {
        custom.remove(name);
      } else if (custom.size() < MAX_CUSTOM_ENTRIES || custom.containsKey(name)) {
        custom.put(name, cleaned);
      }
      return this;
    }

    /**
     * Builds the immutable context.
     *
     * @return the context
     */
    public RequestContext build() {
      return new RequestContext(this);
    }
  }
}
