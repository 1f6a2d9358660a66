package io.nearline.recall.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrpcServiceConfigTest {

    private static InferenceClientOptions options(FleetOptions.Builder fleet, int maxAttempts) {
        return InferenceClientOptions.builder().maxAttempts(maxAttempts).initialBackoff(Duration.ofMillis(20))
                .maxBackoff(Duration.ofMillis(200)).fleet(fleet.balancing(FleetOptions.Balancing.GRPC_ROUND_ROBIN)
                        .build()).build();
    }

    @Test
    void retriesOfModelInferFollowTheClientsAttemptsBackoffsAndRetryBudget() {
        Map<String, Object> config = GrpcServiceConfig.of(options(
                FleetOptions.builder().retryBudgetRatio(0.1).retryBudgetBurst(20), 3));
        Map<?, ?> method = (Map<?, ?>) ((List<?>) config.get("methodConfig")).get(0);
        assertEquals(List.of(Map.of("service", "inference.GRPCInferenceService", "method", "ModelInfer")),
                method.get("name"));
        assertEquals(Map.of("maxAttempts", 3.0, "initialBackoff", "0.02s", "maxBackoff", "0.2s",
                "backoffMultiplier", 2.0, "retryableStatusCodes", List.of("RESOURCE_EXHAUSTED", "UNAVAILABLE")),
                method.get("retryPolicy"));
        assertEquals(Map.of("maxTokens", 40.0, "tokenRatio", 0.1), config.get("retryThrottling"));
    }

    @Test
    void roundRobinRunsInsideOutlierDetectionByFailurePercentage() {
        Map<String, Object> config = GrpcServiceConfig.of(options(FleetOptions.builder()
                .outlierInterval(Duration.ofMillis(1500)).outlierEjectionTime(Duration.ofSeconds(30))
                .outlierFailurePercent(60).outlierRequestVolume(7).outlierMaxEjectionPercent(50), 3));
        Map<?, ?> policy = (Map<?, ?>) ((List<?>) config.get("loadBalancingConfig")).get(0);
        Map<?, ?> detection = (Map<?, ?>) policy.get("outlier_detection_experimental");
        assertEquals("1.5s", detection.get("interval"));
        assertEquals("30s", detection.get("baseEjectionTime"));
        assertEquals(50.0, detection.get("maxEjectionPercentage"));
        assertEquals(Map.of("threshold", 60.0, "enforcementPercentage", 100.0, "minimumHosts", 2.0,
                "requestVolume", 7.0), detection.get("failurePercentageEjection"));
        assertEquals(List.of(Map.of("round_robin", Map.of())), detection.get("childPolicy"));
    }

    @Test
    void oneAttemptOrANoRetryBudget_meansNoRetryPolicyAtAll() {
        assertFalse(GrpcServiceConfig.of(options(FleetOptions.builder(), 1)).containsKey("methodConfig"));
        Map<String, Object> noBudget = GrpcServiceConfig.of(options(FleetOptions.builder().retryBudgetRatio(0), 3));
        assertFalse(noBudget.containsKey("methodConfig"));
        assertFalse(noBudget.containsKey("retryThrottling"));
    }
}
