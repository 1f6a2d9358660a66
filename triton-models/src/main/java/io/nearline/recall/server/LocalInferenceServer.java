package io.nearline.recall.server;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A CPU inference server speaking Triton's gRPC protocol for one generative recall model, decoding
 * with trie-constrained beam search; for local runs, the demo and tests in place of Triton. With
 * {@code server.metrics-port} set it serves its {@link ServerMetrics} for Prometheus at {@code /metrics}.
 */
public final class LocalInferenceServer implements AutoCloseable {

    private final Server server;
    private final ThreadPoolExecutor searches;
    private final AtomicBoolean ready;
    private final HTTPServer metricsEndpoint;
    private final HeldAnswers held;

    private LocalInferenceServer(Server server, ThreadPoolExecutor searches, AtomicBoolean ready,
            HTTPServer metricsEndpoint, HeldAnswers held) {
        this.server = server;
        this.held = held;
        this.searches = searches;
        this.ready = ready;
        this.metricsEndpoint = metricsEndpoint;
    }

    /** Starts on {@code port} (0 for a free one) with default options; see {@link #port()}. */
    public static LocalInferenceServer start(int port, GenerativeRecallModel model, CodeConstraint constraint) {
        return start(LocalServerOptions.builder().port(port).build(), model, constraint);
    }

    public static LocalInferenceServer start(LocalServerOptions options, GenerativeRecallModel model,
            CodeConstraint constraint) {
        // files read before any thread starts: a bad one fails the start and leaves nothing running
        ServerCredentials credentials = credentials(options);
        BearerTokenCheck auth = options.authTokenFile().isEmpty() ? null
                : BearerTokenCheck.fromFile(Path.of(options.authTokenFile()));
        AtomicInteger threadNumber = new AtomicInteger();
        SearchQueue queue = new SearchQueue(options.maxQueuedRequests(), options.priorityLevels());
        ThreadPoolExecutor searches = new ThreadPoolExecutor(options.inferenceThreads(), options.inferenceThreads(),
                0, TimeUnit.MILLISECONDS, queue, runnable -> {
                    Thread thread = new Thread(runnable, "beam-search-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        AtomicBoolean ready = new AtomicBoolean();
        ServerMetrics metrics = ServerMetrics.of(model, options, () -> searches.getQueue().size());
        HeldAnswers held = new HeldAnswers(options.modelLatency());
        InferenceService service = new InferenceService(model, constraint, options, searches, queue, ready::get,
                metrics::beamWidth, held);
        // the last interceptor runs first: every call is counted, the refused ones too
        ServerServiceDefinition checked = auth == null
                ? ServerInterceptors.intercept(service, new InferCallMetrics(metrics))
                : ServerInterceptors.intercept(service, auth, new InferCallMetrics(metrics));
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(options.bindAddress(), options.port()),
                        credentials)
                .addService(checked)
                .build();
        try {
            server.start();
        } catch (IOException e) {
            searches.shutdownNow();
            held.close();
            throw new UncheckedIOException("cannot bind gRPC port " + options.port(), e);
        }
        HTTPServer metricsEndpoint = null;
        if (options.metricsPort() >= 0) {
            try {
                metricsEndpoint = HTTPServer.builder().hostname(options.bindAddress()).port(options.metricsPort())
                        .registry(metrics.registry())
                        .buildAndStart();
            } catch (IOException e) {
                server.shutdownNow();
                searches.shutdownNow();
                held.close();
                throw new UncheckedIOException("cannot bind metrics port " + options.metricsPort(), e);
            }
        }
        ready.set(true);
        return new LocalInferenceServer(server, searches, ready, metricsEndpoint, held);
    }

    /** Plaintext, TLS, or mutual TLS (a client certificate required) as the options say. */
    private static ServerCredentials credentials(LocalServerOptions options) {
        if (options.tlsCertChainFile().isEmpty()) {
            return InsecureServerCredentials.create();
        }
        try {
            TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder()
                    .keyManager(new File(options.tlsCertChainFile()), new File(options.tlsPrivateKeyFile()));
            if (!options.tlsClientCaFile().isEmpty()) {
                tls.trustManager(new File(options.tlsClientCaFile()))
                        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
            }
            return tls.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the server's TLS files " + options.tlsCertChainFile() + ", "
                    + options.tlsPrivateKeyFile() + ", " + options.tlsClientCaFile(), e);
        }
    }

    /** The bound port, the free one chosen when started with port 0. */
    /** Searches waiting for a thread now. */
    int queuedSearches() {
        return searches.getQueue().size();
    }

    public int port() {
        return server.getPort();
    }

    /** The addresses the gRPC port listens on. */
    public List<InetSocketAddress> listenAddresses() {
        return server.getListenSockets().stream().map(InetSocketAddress.class::cast).toList();
    }

    /** The bound port of the Prometheus endpoint ({@code /metrics}), or -1 when it serves none. */
    public int metricsPort() {
        return metricsEndpoint == null ? -1 : metricsEndpoint.getPort();
    }

    /**
     * Changes {@code server.model-latency} for requests arriving from now on, as a model that got slower (or
     * faster) would.
     */
    public void modelLatency(Duration latency) {
        held.latency(latency);
    }

    /** Blocks until the server stops, for the standalone main. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Stops at once, failing in-flight calls, and waits until the port is released. */
    @Override
    public void close() {
        ready.set(false);
        if (metricsEndpoint != null) {
            metricsEndpoint.close();
        }
        server.shutdownNow();
        searches.shutdownNow();
        held.close();
        try {
            server.awaitTermination(10, TimeUnit.SECONDS);
            searches.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
