package io.nearline.recall.demo;

import io.nearline.recall.inspector.InspectorOptions;
import io.nearline.recall.inspector.InspectorServer;
import io.nearline.recall.testing.EmbeddedKafkaBroker;
import io.nearline.recall.testing.EmbeddedRedisServer;
import java.util.Map;

/** {@code bin/demo --ui}: the recall inspector over the demo's Redis and its catalogue topic, on 127.0.0.1. */
final class DemoInspector {

    private DemoInspector() {}

    static InspectorServer start(DemoOptions options, EmbeddedKafkaBroker kafka, EmbeddedRedisServer redis,
                                 String catalogueTopic) {
        return InspectorServer.start(InspectorOptions.fromMap(Map.of(
                InspectorOptions.PORT.key(), Integer.toString(options.uiPort()),
                InspectorOptions.KAFKA_BOOTSTRAP.key(), kafka.bootstrapServers(),
                InspectorOptions.CATALOGUE_TOPIC.key(), catalogueTopic,
                "redis.host", redis.host(), "redis.port", Integer.toString(redis.port())), System.getenv()));
    }

    static String url(InspectorServer inspector) {
        return "http://127.0.0.1:" + inspector.port() + "/";
    }
}
