package io.nearline.recall.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.avro.RecallResult;
import io.nearline.recall.avro.RecallTrace;
import io.nearline.recall.avro.RecalledObject;
import io.nearline.recall.cache.RecallStoreOptions;
import io.nearline.recall.cache.RecallWriter;
import io.nearline.recall.cache.trace.StoreOutcome;
import io.nearline.recall.cache.trace.TraceStoreOptions;
import io.nearline.recall.cache.trace.TraceWriter;
import io.nearline.recall.testing.EmbeddedRedisServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * The inspector over a real redis-server holding traces and a recall: its pages show them as text, it refuses every
 * method that is not a read and changes nothing, and with a token set it refuses every page without it.
 */
@Tag("integration")
class InspectorServerTest {

    private static final String TOKEN = "s3cret-token";
    private static EmbeddedRedisServer redis;
    private static InspectorServer open;
    private static InspectorServer guarded;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        redis = EmbeddedRedisServer.start();
        Map<String, String> settings = Map.of("redis.host", redis.host(), "redis.port", Integer.toString(redis.port()),
                "inspector.port", "0");
        InspectorOptions options = InspectorOptions.fromMap(settings, Map.of());
        try (TraceWriter traces = new TraceWriter(options.redis(), options.traces());
             RecallWriter recalls = new RecallWriter(options.redis())) {
            traces.writeAll(List.of(SampleTraces.recall("u1", "r1", 10_000, "gold", List.of("a", "b"), List.of()),
                    SampleTraces.recall("u1", "r2", 40_000, "gold", List.of("c"), List.of("b")),
                    SampleTraces.shed("u2", "r3", 20_000),
                    RecallTrace.newBuilder(SampleTraces.recall("u3", "r4", 30_000, "gold", List.of("d"), List.of()))
                            .setArm("narrow").build()));
            traces.recordOutcomes(List.of(new StoreOutcome("u1", "r2", "WRITTEN", 3, 40_020)));
            recalls.write(new RecallResult("u1", List.of(new RecalledObject("c", "<a_0><b_2><c_3>", -0.1)), "count:1",
                    "p1/d1/s1", "rules-7", Instant.now(), Instant.ofEpochMilli(39_999), "r2", "control"));
        }
        open = InspectorServer.start(options);
        guarded = InspectorServer.start(InspectorOptions.fromMap(settings, Map.of("INSPECTOR_TOKEN", TOKEN)));
    }

    @AfterAll
    static void stop() throws Exception {
        open.close();
        guarded.close();
        redis.close();
    }

    @Test
    void theUserPageShowsProfileTiersTheCurrentRecallAndEachTracedRequest() throws Exception {
        String page = get(open, "/users/u1", null).body();
        assertTrue(page.contains("25-34"), "profile");
        assertTrue(page.contains("click on an ad, grade 2"), "why it fired");
        assertTrue(page.contains("id=\"current-recall\""), "the recall in Redis");
        assertTrue(page.contains("/users/u1/traces/r1") && page.contains("/users/u1/traces/r2"), "a link per request");
        assertTrue(page.contains("b (hit at 2)"), "r1's next ad click is b, recalled second");
    }

    @Test
    void theTracePageShowsThePromptWithItsFrozenPrefix_escaped_andEveryStage() throws Exception {
        HttpResponse<String> response = get(open, "/users/u1/traces/r2", null);
        assertEquals(200, response.statusCode());
        String page = response.body();
        assertTrue(page.contains("<mark class=\"frozen\" id=\"frozen-prefix\">User: age 25-34\n</mark>"), page);
        assertTrue(page.contains("&lt;b&gt;shoes&lt;/b&gt;") && !page.contains("<b>shoes</b>"), "prompt text escaped");
        for (String stage : List.of("user-sequence-and-trigger", "gpu-budget", "inference", "resolve-semantic-ids",
                "recall-store")) {
            assertTrue(page.contains("id=\"stage-" + stage + "\""), stage);
        }
        assertTrue(page.contains("WRITTEN in 3 ms"));
        assertTrue(page.contains("not in delivery: no object"), "what was left out, and why");
        assertEquals(404, get(open, "/users/u1/traces/nope", null).statusCode());
    }

    @Test
    void theAggregatesPageDrawsItsCharts() throws Exception {
        String page = get(open, "/aggregates", null).body();
        assertTrue(page.contains("<svg id=\"chart-calls\""));
        assertTrue(page.contains("<svg id=\"chart-latency\""));
        assertTrue(page.contains("BUDGET_SHED_QUEUE_FULL"));
        assertTrue(page.contains("id=\"hit-rates\""));
    }

    @Test
    void theExperimentsPageShowsTheArmsSideBySide_andEachArmsAggregatesAreOneClickAway() throws Exception {
        String page = get(open, "/experiments", null).body();
        assertTrue(page.contains("<tr id=\"arm-control\"><td><a class=\"arm-link\" href=\"/aggregates?arm=control\">control</a></td>"
                + "<td class=\"num\">2</td><td class=\"num\">3</td><td class=\"num\">1</td>"), page);
        assertTrue(page.contains("<td class=\"num\">0.500 (0.095-0.905)</td></tr>"), "control's coverage: u1 of u1, u2");
        assertTrue(page.contains("<tr id=\"arm-narrow\">"), page);
        assertTrue(page.contains("<svg id=\"chart-arms\""));

        String narrow = get(open, "/aggregates?arm=narrow", null).body();
        assertTrue(narrow.contains("<span id=\"arm-shown\">narrow</span>"));
        assertTrue(narrow.contains("1 traced requests") && !narrow.contains("BUDGET_SHED_QUEUE_FULL"),
                "only the narrow arm's trace: " + narrow);
        assertTrue(narrow.contains("id=\"arm-control\" href=\"/aggregates?arm=control\""), "a switch to the other arm");
        assertTrue(get(open, "/users/u3", null).body().contains("id=\"user-arm\" href=\"/aggregates?arm=narrow\">narrow</a>"));
        assertTrue(get(open, "/users/u1", null).body().contains(">control</a>"));
    }

    @Test
    void everyMethodButAReadIsRefused_andNothingInRedisChanges() throws Exception {
        try (JedisPooled plain = new JedisPooled(redis.host(), redis.port())) {
            Set<String> keys = plain.keys("*");
            for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
                for (String path : List.of("/", "/users/u1", "/users/u1/traces/r1", "/aggregates", "/anything")) {
                    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(open, path))
                            .method(method, HttpRequest.BodyPublishers.ofString("x")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(405, response.statusCode(), method + " " + path);
                }
            }
            assertEquals(keys, plain.keys("*"));
            assertEquals(3, plain.llen("trace:u1") + plain.llen("trace:u2"));
        }
    }

    @Test
    void withATokenSet_everyPageAsksForIt() throws Exception {
        for (String path : List.of("/", "/users/u1", "/users/u1/traces/r1", "/aggregates")) {
            assertEquals(401, get(guarded, path, null).statusCode(), path);
            assertEquals(401, get(guarded, path, "Bearer wrong").statusCode(), path);
            assertEquals(200, get(guarded, path, "Bearer " + TOKEN).statusCode(), path);
            String basic = Base64.getEncoder().encodeToString(("anyone:" + TOKEN).getBytes(StandardCharsets.UTF_8));
            assertEquals(200, get(guarded, path, "Basic " + basic).statusCode(), path);
        }
        assertEquals(200, get(open, "/", null).statusCode(), "no token, no question");
        assertFalse(guarded.toString().contains(TOKEN));
    }

    @Test
    void theDefaultsListenOnLoopbackOnly() {
        InspectorOptions defaults = InspectorOptions.fromMap(Map.of(), Map.of());
        assertEquals("127.0.0.1", defaults.bindAddress());
        assertEquals("", defaults.token());
        assertFalse(InspectorOptions.fromMap(Map.of(), Map.of("INSPECTOR_TOKEN", TOKEN)).toString().contains(TOKEN));
    }

    private static HttpResponse<String> get(InspectorServer server, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(server, path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(InspectorServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
