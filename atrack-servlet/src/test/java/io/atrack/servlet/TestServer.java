package io.atrack.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * A real Jetty 12 (Servlet 6.0) server on loopback for the filter's tests: the filter on {@code
 * /app/*} (request, async and error dispatches), servlets where the test puts them, and the
 * servlets outside {@code /app} not filtered, to look at a container thread from outside any scope.
 */
final class TestServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector v4;
  private final ServerConnector v6;

  private TestServer(Server server, ServerConnector v4, ServerConnector v6) {
    this.server = server;
    this.v4 = v4;
    this.v6 = v6;
  }

  static Builder builder(Filter filter) {
    return new Builder(filter);
  }

  /** {@code http://127.0.0.1:port/path}. */
  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + v4.getLocalPort() + pathAndQuery);
  }

  /** {@code http://[::1]:port/path}, or null when this machine has no IPv6 loopback. */
  URI uri6(String pathAndQuery) {
    return URI.create("http://[::1]:" + v6.getLocalPort() + pathAndQuery);
  }

  boolean hasIpv6() {
    return v6.getLocalPort() > 0;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  static final class Builder {
    private final Filter filter;
    private final Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    private int maxThreads = 16;
    private final Map<String, String> initParameters = new LinkedHashMap<>();
    private final Map<String, Object> contextAttributes = new LinkedHashMap<>();
    private @Nullable Filter outerFilter;

    private Builder(Filter filter) {
      this.filter = filter;
    }

    Builder servlet(String path, HttpServlet servlet) {
      servlets.put(path, servlet);
      return this;
    }

    /** An init parameter of the filter, as web.xml would give it. */
    Builder initParameter(String name, String value) {
      initParameters.put(name, value);
      return this;
    }

    /** A ServletContext attribute, set before the filter is initialised. */
    Builder contextAttribute(String name, Object value) {
      contextAttributes.put(name, value);
      return this;
    }

    /** A filter that runs before the A-Track filter, on the same paths. */
    Builder outerFilter(Filter filter) {
      this.outerFilter = filter;
      return this;
    }

    /** A small pool makes container threads serve many requests each, as under load. */
    Builder maxThreads(int maxThreads) {
      this.maxThreads = maxThreads;
      return this;
    }

    TestServer start() throws Exception {
      QueuedThreadPool pool = new QueuedThreadPool(maxThreads, Math.min(4, maxThreads));
      pool.setName("jetty-test");
      Server server = new Server(pool);
      HttpConfiguration http = new HttpConfiguration();
      http.setRequestHeaderSize(256 * 1024); // room for the 100 KB User-Agent test
      ServerConnector v4 = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
      v4.setHost("127.0.0.1");
      v4.setPort(0);
      server.addConnector(v4);
      ServerConnector v6 = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
      v6.setHost("::1");
      v6.setPort(0);
      if (hasIpv6Loopback()) {
        server.addConnector(v6);
      }

      ServletContextHandler context = new ServletContextHandler();
      context.setContextPath("/");
      contextAttributes.forEach(context::setAttribute);
      if (outerFilter != null) {
        context.addFilter(
            new FilterHolder(outerFilter),
            "/app/*",
            EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
      }
      FilterHolder holder = new FilterHolder(filter);
      holder.setAsyncSupported(true);
      holder.setInitParameters(initParameters);
      context.addFilter(
          holder,
          "/app/*",
          EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
      servlets.forEach(
          (path, servlet) -> {
            ServletHolder sh = new ServletHolder(servlet);
            sh.setAsyncSupported(true);
            context.addServlet(sh, path);
          });
      server.setHandler(context);
      server.start();
      return new TestServer(server, v4, v6);
    }

    private static boolean hasIpv6Loopback() {
      try (ServerSocket probe =
          new ServerSocket(
              0,
              1,
              InetAddress.getByAddress(
                  new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}))) {
        return true;
      } catch (IOException e) {
        return false;
      }
    }
  }
}
