package io.nearline.recall.inspector;

import static io.nearline.recall.config.OptionValues.require;

import io.nearline.recall.cache.RecallStoreOptions;
import io.nearline.recall.cache.trace.TraceStoreOptions;
import io.nearline.recall.config.OptionValues;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every tunable of the recall inspector ({@code inspector.*}), and the stores it reads: the recall store and the
 * trace store with the job's own {@code redis.*} and {@code trace.store.*} keys.
 *
 * @param token the access token, empty for none; never printed ({@link #toString})
 */
public record InspectorOptions(String bindAddress, int port, String token, String kafkaBootstrap,
                               String catalogueTopic, RecallStoreOptions redis, TraceStoreOptions traces) {

    public static final ConfigOption<String> BIND_ADDRESS = ConfigOptions.key("inspector.bind-address").stringType()
            .defaultValue("127.0.0.1")
            .withDescription("Address the inspector listens on; loopback by default, as it shows user data.");
    public static final ConfigOption<Integer> PORT = ConfigOptions.key("inspector.port").intType().defaultValue(8089)
            .withDescription("Port the inspector listens on; 0 picks a free one.");
    public static final ConfigOption<String> TOKEN_ENV = ConfigOptions.key("inspector.token-env").stringType()
            .defaultValue("INSPECTOR_TOKEN")
            .withDescription("Environment variable holding the access token; when it is set and not empty, every page "
                    + "asks for it (Authorization: Bearer TOKEN, or basic auth with the token as password).");
    public static final ConfigOption<String> TOKEN_FILE = ConfigOptions.key("inspector.token-file").stringType()
            .defaultValue("")
            .withDescription("File whose first line is the access token (instead of the environment variable); empty: none.");
    public static final ConfigOption<String> KAFKA_BOOTSTRAP = ConfigOptions.key("inspector.kafka.bootstrap-servers")
            .stringType().defaultValue("")
            .withDescription("Kafka brokers to read the catalogue's compacted topic from (object text and attributes); "
                    + "empty: objects are shown by ID only.");
    public static final ConfigOption<String> CATALOGUE_TOPIC = ConfigOptions.key("inspector.catalogue-topic")
            .stringType().defaultValue("marketing-objects")
            .withDescription("The catalogue's compacted topic (the job's topics.marketing-objects).");

    /** Every inspector option in the order the README lists them; the README table is checked against it. */
    public static final List<ConfigOption<?>> ALL = List.of(BIND_ADDRESS, PORT, TOKEN_ENV, TOKEN_FILE, KAFKA_BOOTSTRAP,
            CATALOGUE_TOPIC);

    public InspectorOptions {
        require(port >= 0 && port <= 65_535, PORT, port, "must be a port number 0..65535");
        require(!bindAddress.isBlank(), BIND_ADDRESS, bindAddress, "must not be empty");
    }

    /**
     * Reads {@code inspector.*}, {@code redis.*} and {@code trace.store.*} keys; the token from the file or the
     * environment variable they name ({@code environment} stands for the process environment).
     *
     * @throws IllegalArgumentException naming the key, for an unknown key of these prefixes or a bad value
     */
    public static InspectorOptions fromMap(Map<String, String> config, Map<String, String> environment) {
        OptionValues values = OptionValues.of(config, ALL, "inspector.");
        String token = AccessToken.read(values.get(TOKEN_FILE), values.get(TOKEN_ENV), environment);
        return new InspectorOptions(values.get(BIND_ADDRESS), values.get(PORT), token, values.get(KAFKA_BOOTSTRAP),
                values.get(CATALOGUE_TOPIC), RecallStoreOptions.fromMap(config), TraceStoreOptions.fromMap(config));
    }

    public InspectorOptions withPort(int newPort) {
        return new InspectorOptions(bindAddress, newPort, token, kafkaBootstrap, catalogueTopic, redis, traces);
    }

    @Override
    public String toString() {
        return "InspectorOptions[" + bindAddress + ":" + port + ", token=" + (token.isEmpty() ? "<none>" : "<set>")
                + ", catalogue=" + (kafkaBootstrap.isEmpty() ? "<none>" : kafkaBootstrap + "/" + catalogueTopic)
                + ", " + redis + ", " + traces + "]";
    }
}
