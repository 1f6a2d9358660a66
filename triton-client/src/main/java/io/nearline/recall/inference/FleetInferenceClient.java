package io.nearline.recall.inference;

import io.grpc.Status;
import io.nearline.recall.inference.kserve.ModelInferRequest;
import io.nearline.recall.inference.kserve.ModelInferResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link InferenceClient} over a fleet of inference servers: each call goes to one admitted server
 * chosen by least outstanding calls or by a Redis counter shared with every other client instance;
 * transient failures are retried on a different server within the call's deadline and the fleet's
 * retry budget; health probes and per-server circuit breakers keep failing servers out.
 */
public final class FleetInferenceClient implements FleetClient {

    private static final Logger LOG = LoggerFactory.getLogger(FleetInferenceClient.class);
    /**
     * Codes that say the server is broken, not busy: they count against its circuit. Overload
     * (RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED) is answered by the retry budget and the job's GPU budget
     * instead: opening the circuit of a merely busy server turns a slowdown into an outage, worst of
     * all in a fleet of one.
     */
    private static final Set<Status.Code> SERVER_FAULTS = EnumSet.of(Status.Code.UNAVAILABLE,
            Status.Code.INTERNAL, Status.Code.UNKNOWN, Status.Code.DATA_LOSS);
    private static final CompletableFuture<Long> NO_TICKET = CompletableFuture.completedFuture(Balancer.NO_TICKET);

    private final InferenceClientOptions options;
    private final FleetMembership membership;
    private final CounterTickets tickets;
    private final Balancer balancer = new Balancer();
    private final RetryPolicy retryPolicy;
    private final RetryBudget retryBudget;
    private final FleetMetrics metrics = new FleetMetrics();
    /** Whether calls went to ejected servers because none was admitted (see choose), for logging the change once. */
    private final AtomicBoolean panicking = new AtomicBoolean();
    private final ScheduledExecutorService timer;

    private FleetInferenceClient(InferenceClientOptions options, ServerDirectory directory) {
        FleetOptions fleet = options.fleet();
        if (fleet.balancing() == FleetOptions.Balancing.GRPC_ROUND_ROBIN) {
            throw new IllegalArgumentException("triton.fleet.balancer=grpc-round-robin is GrpcBalancedClient's: "
                    + "open the fleet with FleetClient.connect");
        }
        this.options = options;
        this.membership = new FleetMembership(options, directory);
        this.tickets = fleet.balancing() == FleetOptions.Balancing.GLOBAL_COUNTER ? CounterTickets.redis(fleet) : null;
        this.retryPolicy = new RetryPolicy(options);
        this.retryBudget = new RetryBudget(fleet.retryBudgetRatio(), fleet.retryBudgetBurst());
        AtomicInteger number = new AtomicInteger();
        this.timer = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "triton-fleet-timer-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        membership.refresh();
        long probeMillis = fleet.healthInterval().toMillis();
        timer.scheduleWithFixedDelay(membership::probeAll, 0, probeMillis, TimeUnit.MILLISECONDS);
        if (directory.resolvesDns()) {
            long dnsMillis = fleet.dnsRefresh().toMillis();
            timer.scheduleWithFixedDelay(membership::refresh, dnsMillis, dnsMillis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Opens channels to every server {@code options.fleet()} names ({@code triton.target} alone when
     * it names none) and starts health probes; connecting happens lazily.
     */
    public static FleetInferenceClient connect(InferenceClientOptions options) {
        return new FleetInferenceClient(options, ServerDirectory.of(options));
    }

    /** {@link #connect} with options read from {@code triton.*} keys, e.g. the job's configuration. */
    public static FleetInferenceClient fromConfig(Map<String, String> config) {
        return connect(InferenceClientOptions.fromMap(config));
    }

    @Override
    public InferenceClientOptions options() {
        return options;
    }

    /** Calls started and not yet completed; cheap enough for a gauge read every second. */
    public int inFlight() {
        return metrics.inFlight();
    }

    /** Every metric at once, servers in the balancer's order. */
    @Override
    public FleetSnapshot metrics() {
        return metrics.snapshot(membership.servers().stream().map(FleetServer::snapshot).toList(),
                tickets == null ? 0 : tickets.fallbacks());
    }

    @Override
    public CompletableFuture<RecallInference> infer(RecallRequest request) {
        long start = System.nanoTime();
        Call call = new Call(request, EnsembleMessages.encode(request, options), start + request.deadline().toNanos());
        metrics.started();
        call.result.whenComplete((inference, failure) -> metrics.finished(start, failure));
        retryBudget.onCall();
        (tickets == null ? NO_TICKET : tickets.next()).thenAccept(ticket -> {
            call.ticket = ticket;
            attempt(call);
        }).exceptionally(bug -> {
            call.fail(Status.Code.INTERNAL, "client error: " + bug, bug);
            return null;
        });
        return call.result;
    }

    private void attempt(Call call) {
        long remaining = call.deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            call.fail(Status.Code.DEADLINE_EXCEEDED, "deadline passed before attempt " + (call.attempts + 1), null);
            return;
        }
        FleetServer server = choose(call);
        if (server == null) {
            call.fail(Status.Code.UNAVAILABLE, "no inference server is admitted", null);
            return;
        }
        call.attempts++;
        call.tried.add(server);
        server.sent();
        server.channel.modelInfer(call.message, remaining).whenComplete((response, error) -> {
            if (error == null) {
                onAnswer(call, server, response);
            } else {
                onError(call, server, Status.fromThrowable(error));
            }
        });
    }

    /** A server not yet tried by this call if any accepts, else any accepting server. */
    private FleetServer choose(Call call) {
        List<FleetServer> candidates = new ArrayList<>();
        List<FleetServer> all = membership.servers();
        all.stream().filter(s -> s.accepting() && !call.tried.contains(s)).forEach(candidates::add);
        if (candidates.isEmpty()) {
            all.stream().filter(FleetServer::accepting).forEach(candidates::add);
        }
        if (candidates.isEmpty() && all.stream().noneMatch(FleetServer::admitted)) {
            // Panic routing, as Envoy's panic threshold: with every server ejected, calls go to them anyway. On busy
            // cores a live server's probes time out as a dead one's do (a fleet of one was ejected so in a loaded
            // bench run and 130 calls failed UNAVAILABLE unsent); a live one answers, a dead one fails the call no
            // worse than refusing it. Open circuits (real faults) still refuse.
            all.stream().filter(s -> s.breaker.allowsCall()).forEach(candidates::add);
            if (!candidates.isEmpty() && !panicking.getAndSet(true)) {
                LOG.warn("every inference server is ejected by its probes: sending calls to them anyway");
            }
        } else if (!candidates.isEmpty() && panicking.getAndSet(false)) {
            LOG.info("an inference server is admitted again: calls go to admitted servers only");
        }
        while (!candidates.isEmpty()) {
            FleetServer pick = balancer.pick(candidates, call.ticket, FleetServer::inFlight);
            if (pick.breaker.tryAcquire()) {
                return pick;
            }
            candidates.remove(pick);  // a half-open circuit whose one trial call another caller took
        }
        return null;
    }

    private void onAnswer(Call call, FleetServer server, ModelInferResponse response) {
        RecallRequest request = call.request;
        try {
            RecallInference inference = new RecallInference(request.requestId(), request.userId(),
                    response.getModelName(), response.getModelVersion(),
                    EnsembleMessages.decodeBeams(response, request.returnedSequences()), call.attempts);
            server.answered(false);
            server.breaker.onSuccess();
            call.result.complete(inference);
        } catch (TensorFormatException e) {
            server.answered(true);
            server.breaker.onFailure();
            call.fail(Status.Code.INTERNAL, "malformed response from " + server.target() + ": " + e.getMessage(), e);
        }
    }

    private void onError(Call call, FleetServer server, Status status) {
        Status.Code code = status.getCode();
        server.answered(true);
        if (SERVER_FAULTS.contains(code)) {
            server.breaker.onFailure();
        } else {
            server.breaker.onSuccess();
        }
        if (code == Status.Code.UNAVAILABLE && server.health.ejectNow() == ServerHealth.Transition.EJECTED) {
            LOG.warn("ejected {}: a call was UNAVAILABLE: {}", server.target(), TritonChannel.describe(status));
        }
        String reason = server.target() + ": " + TritonChannel.describe(status);
        if (!RetryPolicy.isTransient(code) || call.attempts >= options.maxAttempts()) {
            call.fail(code, reason, status.asRuntimeException());
            return;
        }
        boolean elsewhere = membership.servers().stream().anyMatch(s -> s.accepting() && !call.tried.contains(s));
        // Another server has not seen this failure: go now. The same server again: back off first.
        long backoff = elsewhere ? 0
                : retryPolicy.backoffNanos(code, call.attempts, System.nanoTime(), call.deadlineNanos);
        if (backoff < 0) {
            call.fail(code, reason, status.asRuntimeException());
            return;
        }
        if (!retryBudget.tryRetry()) {
            metrics.retryDenied();
            call.fail(code, reason + " (retry budget spent)", status.asRuntimeException());
            return;
        }
        metrics.retried();
        if (backoff == 0) {
            attempt(call);
            return;
        }
        server.channel.resetConnectBackoff();
        try {
            timer.schedule(() -> attempt(call), backoff, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            call.fail(Status.Code.CANCELLED, "client closed during backoff", closed);
        }
    }

    /** True when any server answers ready; fails only when none could be asked. */
    @Override
    public CompletableFuture<Boolean> ready() {
        List<CompletableFuture<Boolean>> answers = membership.servers().stream()
                .map(server -> server.channel.ready(options.fleet().healthTimeout().toNanos())
                        .handle((ready, error) -> error == null ? ready : null))
                .toList();
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Boolean> answered = answers.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList();
            if (answered.isEmpty()) {
                throw new InferenceException(Status.Code.UNAVAILABLE, "no inference server answered", 1, null);
            }
            return answered.contains(Boolean.TRUE);
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (tickets != null) {
            tickets.close();
        }
        membership.close();
    }

    /** One call's progress across attempts; touched by one thread at a time, in sequence. */
    private static final class Call {
        final RecallRequest request;
        final ModelInferRequest message;
        final long deadlineNanos;
        final CompletableFuture<RecallInference> result = new CompletableFuture<>();
        final List<FleetServer> tried = new ArrayList<>(2);
        long ticket = Balancer.NO_TICKET;
        int attempts;

        Call(RecallRequest request, ModelInferRequest message, long deadlineNanos) {
            this.request = request;
            this.message = message;
            this.deadlineNanos = deadlineNanos;
        }

        void fail(Status.Code code, String message, Throwable cause) {
            result.completeExceptionally(new InferenceException(code, message, attempts, cause));
        }
    }
}
