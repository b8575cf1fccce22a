package io.atrack.local;

import io.atrack.testkit.FakeCollector;
import io.atrack.testkit.Response;
import java.net.URI;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One running A-Track Local: the test kit's {@link FakeCollector} as the HTTP server, with the
 * collector endpoints answered by {@link Intake}, the page by {@link Assets} and {@code /api/*} by
 * {@link Api}; the history in a {@link Store}; the live feed in an {@link EventStream}.
 *
 * <p>The collector keeps no requests in memory (the database has them), so a tool left running for
 * days stays small. Thread-safe; {@link #close()} stops everything and closes the database.
 */
final class LocalServer implements AutoCloseable {
  private final FakeCollector collector;
  private final Store store;
  private final EventStream events;
  private final Faults faults;

  private LocalServer(FakeCollector collector, Store store, EventStream events, Faults faults) {
    this.collector = collector;
    this.store = store;
    this.events = events;
    this.faults = faults;
  }

  /**
   * Opens the history and starts listening.
   *
   * @throws IllegalStateException when the history cannot be opened
   * @throws java.io.UncheckedIOException when the port cannot be bound
   */
  static LocalServer start(Options options) {
    Store store = Store.open(options.dataDir());
    EventStream events = new EventStream();
    Faults faults = new Faults(() -> ThreadLocalRandom.current().nextDouble());
    FakeCollector collector;
    try {
      collector = FakeCollector.start(options.host(), options.port());
    } catch (RuntimeException e) {
      events.close();
      store.close();
      throw e;
    }
    collector.keepRequests(false);
    Assets assets = new Assets();
    collector.route("/", assets);
    collector.route("/ui/*", assets);
    collector.route(
        "/favicon.ico", exchange -> Http.send(exchange, 204, "image/x-icon", new byte[0]));
    collector.route("/api/*", new Api(store, faults, events, options.strict()));
    collector.respondWith(new Intake(store, faults, events, options.strict()));
    collector.defaultResponse(Response.status(500));
    return new LocalServer(collector, store, events, faults);
  }

  /** {@code http://127.0.0.1:<port>}: the page, and the base URL to give the SDK. */
  URI baseUrl() {
    return collector.baseUrl();
  }

  int port() {
    return collector.port();
  }

  Faults faults() {
    return faults;
  }

  EventStream events() {
    return events;
  }

  @Override
  public void close() {
    events.close();
    collector.close();
    store.close();
  }
}
