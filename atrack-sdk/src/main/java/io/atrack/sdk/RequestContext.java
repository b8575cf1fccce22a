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
 */
public final class RequestContext {
  /** Longest value accepted for any entry; longer values are a bug, not a request. */
  public static final int MAX_VALUE_LENGTH = 8192;

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

  /** A context with no entries: what calls outside any scope send ({@code "context":{}}). */
  public static RequestContext empty() {
    return EMPTY;
  }

  /** A builder with no entries set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The context of the scope open on this thread, or {@link #empty()}. */
  public static RequestContext current() {
    ScopeState state = ScopeState.current();
    return state == null ? EMPTY : state.context();
  }

  /**
   * Opens a scope on this thread in which every SDK call picks this context up, and in which {@code
   * init} sets the scope's own current user. Close it on the same thread, with try-with-resources.
   * Scopes nest: closing one restores the one it replaced.
   */
  public Scope makeCurrent() {
    ScopeState previous = ScopeState.current();
    ScopeState state = new ScopeState(this);
    ScopeState.set(state);
    return new Scope(state, previous);
  }

  /**
   * Returns a task that runs {@code task} inside the scope open on this thread now (context and
   * current user), wherever it is run. Outside any scope, returns a task that runs outside any.
   */
  public static Runnable wrap(Runnable task) {
    Objects.requireNonNull(task, "task");
    ScopeState captured = ScopeState.current();
    return () -> {
      ScopeState previous = ScopeState.current();
      ScopeState.set(captured);
      try {
        task.run();
      } finally {
        ScopeState.set(previous);
      }
    };
  }

  /** Like {@link #wrap(Runnable)}, for a task with a result. */
  public static <T> Callable<T> wrap(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    ScopeState captured = ScopeState.current();
    return () -> {
      ScopeState previous = ScopeState.current();
      ScopeState.set(captured);
      try {
        return task.call();
      } finally {
        ScopeState.set(previous);
      }
    };
  }

  /** The request's URL or path and query, for example {@code /pricing?source=google}. */
  public Optional<String> url() {
    return Optional.ofNullable(url);
  }

  /** The {@code Referer} header's value. */
  public Optional<String> referer() {
    return Optional.ofNullable(referer);
  }

  /** The client's IP address. */
  public Optional<String> ipAddress() {
    return Optional.ofNullable(ipAddress);
  }

  /** The {@code User-Agent} header's value. */
  public Optional<String> userAgent() {
    return Optional.ofNullable(userAgent);
  }

  /** The user's locale as a BCP 47 tag, for example {@code en-US}. */
  public Optional<String> locale() {
    return Optional.ofNullable(locale);
  }

  /** The user's IANA timezone, for example {@code America/New_York}. */
  public Optional<String> timezone() {
    return Optional.ofNullable(timezone);
  }

  /** Custom entries, sent after the standard ones. */
  public Map<String, String> custom() {
    return custom;
  }

  /** Whether no entry is set. */
  public boolean isEmpty() {
    return url == null
        && referer == null
        && ipAddress == null
        && userAgent == null
        && locale == null
        && timezone == null
        && custom.isEmpty();
  }

  /** A builder starting from this context's entries. */
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

  /** Calls {@code action} with each entry's wire name and value, standard entries first. */
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

  /** An open scope; closing it restores the scope it replaced on this thread. */
  public static final class Scope implements AutoCloseable {
    private final ScopeState state;
    private final @Nullable ScopeState previous;
    private boolean closed;

    private Scope(ScopeState state, @Nullable ScopeState previous) {
      this.state = state;
      this.previous = previous;
    }

    /** Closes the scope. Idempotent; closing on another thread than the opener's is ignored. */
    @Override
    public void close() {
      if (!closed && ScopeState.current() == state) {
        closed = true;
        ScopeState.set(previous);
      }
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

    /** Sets {@code url}. */
    public Builder url(@Nullable String url) {
      this.url = text(url, "url");
      return this;
    }

    /** Sets {@code referer}. */
    public Builder referer(@Nullable String referer) {
      this.referer = text(referer, "referer");
      return this;
    }

    /** Sets {@code ipAddress}. */
    public Builder ipAddress(@Nullable String ipAddress) {
      this.ipAddress = text(ipAddress, "ipAddress");
      return this;
    }

    /** Sets {@code userAgent}. */
    public Builder userAgent(@Nullable String userAgent) {
      this.userAgent = text(userAgent, "userAgent");
      return this;
    }

    /** Sets {@code locale}, also sent in {@code profile}. */
    public Builder locale(@Nullable String locale) {
      this.locale = text(locale, "locale");
      return this;
    }

    /** Sets {@code timezone}, also sent in {@code profile}. */
    public Builder timezone(@Nullable String timezone) {
      this.timezone = text(timezone, "timezone");
      return this;
    }

    /**
     * Adds a custom entry, sent after the standard ones. A null value removes the entry.
     *
     * @throws IllegalArgumentException when {@code name} is blank or one of the standard names
     */
    public Builder put(String name, @Nullable String value) {
      Validation.requireNonNull(name, "context entry name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("context entry name must not be blank");
      }
      switch (name) {
        case "url", "referer", "ipAddress", "userAgent", "locale", "timezone" ->
            throw new IllegalArgumentException(
                "context entry \"" + name + "\" is a standard entry; use its own setter");
        default -> {}
      }
      if (value == null) {
        custom.remove(name);
      } else {
        custom.put(name, Validation.optionalText(value, "context entry " + name, MAX_VALUE_LENGTH));
      }
      return this;
    }

    /** Builds the immutable context. */
    public RequestContext build() {
      return new RequestContext(this);
    }

    private static @Nullable String text(@Nullable String value, String what) {
      return Validation.optionalText(value, what, MAX_VALUE_LENGTH);
    }
  }
}
