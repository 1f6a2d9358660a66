package io.nearline.recall.server;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Refuses every call that does not carry the server's bearer token ({@code authorization: Bearer TOKEN}) with
 * UNAUTHENTICATED, health checks included: whoever can reach the port can otherwise spend its GPU. The token is
 * compared in constant time and never echoed or logged.
 */
final class BearerTokenCheck implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String SCHEME = "Bearer ";

    private final byte[] expected;

    private BearerTokenCheck(String token) {
        this.expected = (SCHEME + token).getBytes(StandardCharsets.US_ASCII);
    }

    /** The check for the token in {@code file}; a missing or empty file is refused at start, naming the file only. */
    static BearerTokenCheck fromFile(Path file) {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read server.auth-token-file " + file, e);
        }
        if (token.isEmpty()) {
            throw new IllegalArgumentException("server.auth-token-file " + file + " is empty");
        }
        return new BearerTokenCheck(token);
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
            ServerCallHandler<Q, A> next) {
        String presented = headers.get(AUTHORIZATION);
        if (presented == null || !MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.US_ASCII))) {
            call.close(Status.UNAUTHENTICATED.withDescription(presented == null ? "no bearer token"
                    : "wrong bearer token"), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
    }
}
