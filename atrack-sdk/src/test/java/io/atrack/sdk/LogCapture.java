package io.atrack.sdk;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.jspecify.annotations.Nullable;

/**
 * Captures what the SDK logs through System.Logger (JUL by default): the one log capture of the
 * core's tests, public so tests in every package use it. Close it to stop capturing; closing also
 * restores the logger's level when {@link #everything(String)} changed it.
 */
public final class LogCapture implements AutoCloseable {
  /**
   * One captured record.
   *
   * @param logger the logger's name, {@code ""} when it had none
   * @param level the record's level, as {@code java.util.logging.Level.intValue()}
   * @param message the unformatted message
   * @param formatted the record as {@code SimpleFormatter} prints it, parameters filled in
   */
  public record Line(String logger, int level, String message, String formatted) {}

  private final ConcurrentLinkedQueue<Line> lines = new ConcurrentLinkedQueue<>();
  private final Logger logger;
  private final @Nullable Level loggerLevel;
  private final boolean setLoggerLevel;
  private final Handler handler;

  private LogCapture(String name, Level level, boolean setLoggerLevel) {
    this.logger = Logger.getLogger(name);
    this.loggerLevel = logger.getLevel();
    this.setLoggerLevel = setLoggerLevel;
    SimpleFormatter formatter = new SimpleFormatter();
    this.handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (isLoggable(record)) {
              String from = record.getLoggerName();
              lines.add(
                  new Line(
                      from == null ? "" : from,
                      record.getLevel().intValue(),
                      String.valueOf(record.getMessage()),
                      formatter.format(record)));
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    handler.setLevel(level);
    if (setLoggerLevel) {
      logger.setLevel(level);
    }
    logger.addHandler(handler);
  }

  /**
   * Starts capturing the logger {@code name} and its children at WARNING and above.
   *
   * @param name the logger's name; {@code ""} is the root
   * @return the capture; close it when done
   */
  public static LogCapture of(String name) {
    return new LogCapture(name, Level.WARNING, false);
  }

  /**
   * Starts capturing every level of the logger {@code name} and its children, turning that logger
   * down to {@code ALL} until closed.
   *
   * @param name the logger's name; {@code ""} is the root
   * @return the capture; close it when done
   */
  public static LogCapture everything(String name) {
    return new LogCapture(name, Level.ALL, true);
  }

  /**
   * The messages captured at WARNING and above, unformatted.
   *
   * @return the messages in the order logged
   */
  public List<String> warnings() {
    return lines.stream()
        .filter(l -> l.level() >= Level.WARNING.intValue())
        .map(Line::message)
        .toList();
  }

  /**
   * Every record captured so far.
   *
   * @return a copy, in the order logged
   */
  public List<Line> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
    if (setLoggerLevel) {
      logger.setLevel(loggerLevel);
    }
  }
}
