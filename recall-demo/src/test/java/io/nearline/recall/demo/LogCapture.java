package io.nearline.recall.demo;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Everything logged at INFO and above in this JVM while open (messages and the stack traces they carry), for a
 * test that looks for what must never be logged; it is not printed, and the root logger's level and appenders are
 * restored on close.
 */
final class LogCapture implements AutoCloseable {

    private final ConcurrentLinkedQueue<String> captured = new ConcurrentLinkedQueue<>();
    private final LoggerContext context;
    private final AbstractAppender appender;
    private final Level previous;
    private final Map<LoggerConfig, Level> quieter = new HashMap<>();
    private final Map<String, Appender> console = new HashMap<>();

    private LogCapture() {
        context = (LoggerContext) LogManager.getContext(false);
        appender = new AbstractAppender("log-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ')
                        .append(event.getMessage().getFormattedMessage());
                if (event.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    event.getThrown().printStackTrace(new PrintWriter(trace));
                    line.append('\n').append(trace);
                }
                captured.add(line.toString());
            }
        };
        appender.start();
        LoggerConfig root = context.getConfiguration().getRootLogger();
        previous = root.getLevel();
        // the console keeps its own level: what is captured at INFO is not also printed
        console.putAll(root.getAppenders());
        console.keySet().forEach(root::removeAppender);
        root.addAppender(appender, Level.INFO, null);
        root.setLevel(Level.INFO);
        context.getConfiguration().getLoggers().values().forEach(logger -> {
            if (logger != root && logger.getLevel().isMoreSpecificThan(Level.WARN)) {
                quieter.put(logger, logger.getLevel());
                logger.setLevel(Level.INFO); // a quieter logger would hide what it would log in production
            }
        });
        context.updateLoggers();
    }

    static LogCapture start() {
        return new LogCapture();
    }

    int lines() {
        return captured.size();
    }

    /** The captured lines holding any of {@code secrets}. */
    List<String> linesContaining(String... secrets) {
        List<String> found = new ArrayList<>();
        for (String line : captured) {
            for (String secret : secrets) {
                if (line.contains(secret)) {
                    found.add(line.length() > 2000 ? line.substring(0, 2000) + " ..." : line);
                    break;
                }
            }
        }
        return found;
    }

    @Override
    public void close() {
        LoggerConfig root = context.getConfiguration().getRootLogger();
        root.removeAppender(appender.getName());
        root.setLevel(previous);
        console.values().forEach(restored -> root.addAppender(restored, null, null));
        quieter.forEach(LoggerConfig::setLevel);
        context.updateLoggers();
        appender.stop();
    }
}
