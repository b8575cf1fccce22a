package io.atrack.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The request as the filter passes it on: the same, except that {@code AsyncContext.start(task)}
 * runs the task inside the request's scope.
 */
final class ScopedRequest extends HttpServletRequestWrapper {
  private final CarriedScope scope;

  ScopedRequest(HttpServletRequest request, CarriedScope scope) {
    super(request);
    this.scope = scope;
  }

  @Override
  public AsyncContext startAsync() {
    return new ScopedAsyncContext(super.startAsync(), scope);
  }

  @Override
  public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
    return new ScopedAsyncContext(super.startAsync(request, response), scope);
  }

  @Override
  public AsyncContext getAsyncContext() {
    return new ScopedAsyncContext(super.getAsyncContext(), scope);
  }

  /** Delegates everything; {@link #start} carries the scope. */
  private static final class ScopedAsyncContext implements AsyncContext {
    private final AsyncContext delegate;
    private final CarriedScope scope;

    ScopedAsyncContext(AsyncContext delegate, CarriedScope scope) {
      this.delegate = delegate;
      this.scope = scope;
    }

    @Override
    public void start(Runnable run) {
      delegate.start(scope.wrap(run));
    }

    @Override
    public ServletRequest getRequest() {
      return delegate.getRequest();
    }

    @Override
    public ServletResponse getResponse() {
      return delegate.getResponse();
    }

    @Override
    public boolean hasOriginalRequestAndResponse() {
      return delegate.hasOriginalRequestAndResponse();
    }

    @Override
    public void dispatch() {
      delegate.dispatch();
    }

    @Override
    public void dispatch(String path) {
      delegate.dispatch(path);
    }

    @Override
    public void dispatch(ServletContext context, String path) {
      delegate.dispatch(context, path);
    }

    @Override
    public void complete() {
      delegate.complete();
    }

    @Override
    public void addListener(AsyncListener listener) {
      delegate.addListener(listener);
    }

    @Override
    public void addListener(
        AsyncListener listener, ServletRequest servletRequest, ServletResponse servletResponse) {
      delegate.addListener(listener, servletRequest, servletResponse);
    }

    @Override
    public <T extends AsyncListener> T createListener(Class<T> clazz) throws ServletException {
      return delegate.createListener(clazz);
    }

    @Override
    public void setTimeout(long timeout) {
      delegate.setTimeout(timeout);
    }

    @Override
    public long getTimeout() {
      return delegate.getTimeout();
    }
  }
}
