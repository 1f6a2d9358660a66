package io.nearline.recall.inference;

import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/** Puts the client's bearer token ({@code triton.auth-token}) on every call of a channel, health checks included. */
final class BearerToken {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private BearerToken() {}

    /** Adds the token to {@code channel}'s calls; nothing when the options carry none. */
    static void attach(ManagedChannelBuilder<?> channel, InferenceClientOptions options) {
        if (options.authToken().isEmpty()) {
            return;
        }
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + options.authToken());
        channel.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
}
