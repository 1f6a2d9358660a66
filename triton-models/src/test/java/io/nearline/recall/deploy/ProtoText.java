package io.nearline.recall.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader of the protobuf text format, enough for Triton's config.pbtxt files: fields, nested messages ({@code {}}
 * or {@code <>}), lists ({@code [a, b]}), quoted strings, numbers, enum names, {@code #} comments. Every scalar is
 * kept as its text; a syntax error names the source and line.
 */
final class ProtoText {

    /** One message: its fields in order, each with every value given (repeated fields and lists flattened). */
    record Message(Map<String, List<Object>> fields) {

        List<Object> all(String name) {
            return fields.getOrDefault(name, List.of());
        }

        boolean has(String name) {
            return fields.containsKey(name);
        }

        String text(String name) {
            List<Object> values = all(name);
            if (values.size() != 1 || !(values.get(0) instanceof String value)) {
                throw new IllegalArgumentException("expected one scalar '" + name + "', got " + values);
            }
            return value;
        }

        String text(String name, String fallback) {
            return has(name) ? text(name) : fallback;
        }

        Message message(String name) {
            List<Message> found = messages(name);
            if (found.size() != 1) {
                throw new IllegalArgumentException("expected one message '" + name + "', got " + found.size());
            }
            return found.get(0);
        }

        List<Message> messages(String name) {
            return all(name).stream().map(value -> {
                if (value instanceof Message message) {
                    return message;
                }
                throw new IllegalArgumentException("'" + name + "' holds a scalar, not a message");
            }).toList();
        }
    }

    private final String text;
    private final String source;
    private int position;
    private int line = 1;

    private ProtoText(String text, String source) {
        this.text = text;
        this.source = source;
    }

    static Message parse(String text, String source) {
        ProtoText reader = new ProtoText(text, source);
        Message message = reader.fields(-1);
        if (reader.peek() != -1) {
            throw reader.error("unexpected '" + (char) reader.peek() + "'");
        }
        return message;
    }

    private Message fields(int closing) {
        Map<String, List<Object>> fields = new LinkedHashMap<>();
        while (peek() != closing) {
            if (peek() == -1) {
                throw error("missing '" + (char) closing + "'");
            }
            String name = identifier();
            List<Object> values = fields.computeIfAbsent(name, key -> new ArrayList<>());
            if (peek() == ':') {
                position++;
                value(values);
            } else if (peek() == '{' || peek() == '<') {
                values.add(nested());
            } else if (peek() == '[') {
                value(values);  // a list of messages may omit the colon: input [ {...}, {...} ]
            } else {
                throw error("expected ':' or a message after '" + name + "'");
            }
            if (peek() == ',' || peek() == ';') {
                position++;
            }
        }
        return new Message(fields);
    }

    private void value(List<Object> into) {
        int next = peek();
        if (next == '[') {
            position++;
            while (peek() != ']') {
                value(into);
                if (peek() == ',') {
                    position++;
                } else if (peek() != ']') {
                    throw error("expected ',' or ']' in a list");
                }
            }
            position++;
        } else if (next == '{' || next == '<') {
            into.add(nested());
        } else {
            into.add(scalar());
        }
    }

    private Message nested() {
        int closing = text.charAt(position) == '{' ? '}' : '>';
        position++;
        Message message = fields(closing);
        position++;
        return message;
    }

    private String scalar() {
        int next = peek();
        if (next == '"' || next == '\'') {
            StringBuilder joined = new StringBuilder();
            while (peek() == '"' || peek() == '\'') {
                joined.append(quoted());
            }
            return joined.toString();
        }
        int start = position;
        while (position < text.length() && (Character.isLetterOrDigit(text.charAt(position))
                || "_.-+".indexOf(text.charAt(position)) >= 0)) {
            position++;
        }
        if (start == position) {
            throw error(next == -1 ? "missing value at end of input" : "unexpected '" + (char) next + "'");
        }
        return text.substring(start, position);
    }

    private String quoted() {
        char quote = text.charAt(position++);
        StringBuilder value = new StringBuilder();
        while (position < text.length() && text.charAt(position) != quote) {
            char c = text.charAt(position++);
            if (c == '\n') {
                throw error("line break inside a string");
            }
            if (c == '\\' && position < text.length()) {
                char escaped = text.charAt(position++);
                value.append(switch (escaped) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> escaped;
                });
            } else {
                value.append(c);
            }
        }
        if (position >= text.length()) {
            throw error("unterminated string");
        }
        position++;
        return value.toString();
    }

    private String identifier() {
        int start = position;
        while (position < text.length()
                && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '_')) {
            position++;
        }
        if (start == position) {
            throw error("expected a field name, found '" + (char) peek() + "'");
        }
        return text.substring(start, position);
    }

    /** The next significant character (skipping blanks and comments), or -1 at the end. */
    private int peek() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == '#') {
                while (position < text.length() && text.charAt(position) != '\n') {
                    position++;
                }
            } else if (Character.isWhitespace(c)) {
                if (c == '\n') {
                    line++;
                }
                position++;
            } else {
                return c;
            }
        }
        return -1;
    }

    private IllegalArgumentException error(String reason) {
        return new IllegalArgumentException(source + ":" + line + ": " + reason);
    }
}
