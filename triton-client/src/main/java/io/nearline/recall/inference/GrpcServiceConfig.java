package io.nearline.recall.inference;

import io.grpc.Status;
import io.nearline.recall.inference.kserve.GRPCInferenceServiceGrpc;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The client's options as a gRPC service config (the JSON shape of gRPC's service_config.proto, as the maps
 * {@code ManagedChannelBuilder.defaultServiceConfig} takes): round_robin inside outlier_detection_experimental,
 * ModelInfer's retryPolicy from {@code triton.max-attempts} and the backoffs, and retryThrottling from the retry
 * budget. gRPC's throttling is not the same bucket: it starts full at {@code maxTokens}, a failed call takes one
 * token, a successful one returns {@code tokenRatio}, and retries stop below half; {@code maxTokens} is twice the
 * budget's burst so that the burst is what can be spent before they stop.
 */
final class GrpcServiceConfig {

    /** gRPC refuses throttling buckets larger than this. */
    private static final int MAX_TOKENS_LIMIT = 1000;
    /**
     * Failure rates are compared between servers, so at least two must have had calls; a fleet of one is left
     * to the retry policy.
     */
    private static final int OUTLIER_MINIMUM_HOSTS = 2;

    private GrpcServiceConfig() {}

    static Map<String, Object> of(InferenceClientOptions options) {
        FleetOptions fleet = options.fleet();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("loadBalancingConfig", List.of(Map.of("outlier_detection_experimental", outlierDetection(fleet))));
        if (retries(options)) {
            Map<String, Object> method = new LinkedHashMap<>();
            method.put("name", List.of(Map.of("service", GRPCInferenceServiceGrpc.SERVICE_NAME,
                    "method", "ModelInfer")));
            method.put("retryPolicy", retryPolicy(options));
            config.put("methodConfig", List.of(method));
            config.put("retryThrottling", Map.of(
                    "maxTokens", (double) Math.min(MAX_TOKENS_LIMIT, Math.max(1, 2 * fleet.retryBudgetBurst())),
                    "tokenRatio", fleet.retryBudgetRatio()));
        }
        return config;
    }

    /** gRPC retries need two attempts at least and a throttling ratio above zero; without them none are made. */
    static boolean retries(InferenceClientOptions options) {
        return options.maxAttempts() >= 2 && options.fleet().retryBudgetRatio() > 0
                && !options.initialBackoff().isZero() && !options.maxBackoff().isZero();
    }

    private static Map<String, Object> retryPolicy(InferenceClientOptions options) {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("maxAttempts", (double) options.maxAttempts());
        policy.put("initialBackoff", seconds(options.initialBackoff()));
        policy.put("maxBackoff", seconds(options.maxBackoff()));
        policy.put("backoffMultiplier", 2.0);
        policy.put("retryableStatusCodes", Arrays.stream(Status.Code.values()).filter(RetryPolicy::isTransient)
                .map(Enum::name).toList());
        return policy;
    }

    private static Map<String, Object> outlierDetection(FleetOptions fleet) {
        Map<String, Object> detection = new LinkedHashMap<>();
        detection.put("interval", seconds(fleet.outlierInterval()));
        detection.put("baseEjectionTime", seconds(fleet.outlierEjectionTime()));
        detection.put("maxEjectionPercentage", (double) fleet.outlierMaxEjectionPercent());
        detection.put("failurePercentageEjection", Map.of(
                "threshold", (double) fleet.outlierFailurePercent(),
                "enforcementPercentage", 100.0,
                "minimumHosts", (double) OUTLIER_MINIMUM_HOSTS,
                "requestVolume", (double) fleet.outlierRequestVolume()));
        detection.put("childPolicy", List.of(Map.of("round_robin", Map.of())));
        return detection;
    }

    /** A duration as the service config writes one: decimal seconds with an {@code s}, e.g. {@code 0.02s}. */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString() + "s";
    }
}
