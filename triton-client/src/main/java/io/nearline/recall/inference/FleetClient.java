package io.nearline.recall.inference;

/**
 * An {@link InferenceClient} over a fleet of inference servers that keeps metrics, for the job to export: the
 * hand-written {@link FleetInferenceClient} (least outstanding or the Redis global counter) or gRPC's own
 * balancing ({@link GrpcBalancedClient}), as {@code triton.fleet.balancer} says.
 */
public interface FleetClient extends InferenceClient {

    /** Every metric at once. */
    FleetSnapshot metrics();

    InferenceClientOptions options();

    /** The client {@code options.fleet().balancing()} names; channels connect lazily. */
    static FleetClient connect(InferenceClientOptions options) {
        return options.fleet().balancing() == FleetOptions.Balancing.GRPC_ROUND_ROBIN
                ? GrpcBalancedClient.connect(options) : FleetInferenceClient.connect(options);
    }
}
