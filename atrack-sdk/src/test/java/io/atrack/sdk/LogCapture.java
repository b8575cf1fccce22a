package io.atrack.sdk;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** Captures what the SDK logs through System.Logger (JUL by default) at WARNING and above. */
final class LogCapture extends Handler implements AutoCloseable {
  private final ConcurrentLinkedQueue<LogRecord> records = new ConcurrentLinkedQueue<>();
  private final Logger logger;

  private LogCapture(String name) {
    this.logger = Logger.getLogger(name);
    setLevel(Level.WARNING);
    logger.addHandler(this);
  }

  /** Starts capturing the logger {@code name} and its children. */
  static LogCapture of(String name) {
    return new LogCapture(name);
  }

  List<String> warnings() {
    return records.stream()
        .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
        .map(LogRecord::getMessage)
        .collect(Collectors.toList());
  }

  @Override
  public void publish(LogRecord record) {
    if (isLoggable(record)) {
      records.add(record);
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
