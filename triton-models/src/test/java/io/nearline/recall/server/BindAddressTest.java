package io.nearline.recall.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server is on the network only when asked: loopback by default, every interface with 0.0.0.0. */
class BindAddressTest {

    private static final CodeTrie TRIE = CodeTrie.of(FixtureSemanticIds.generate(100, 4, 16, 3));
    private static final GenerativeRecallModel MODEL = new FrequencyFixtureModel(16, 3);

    @Test
    void a_server_started_with_the_defaults_listens_on_loopback_only() {
        try (LocalInferenceServer server = LocalInferenceServer.start(0, MODEL, TRIE)) {
            List<InetSocketAddress> addresses = server.listenAddresses();
            assertFalse(addresses.isEmpty());
            assertTrue(addresses.stream().allMatch(a -> a.getAddress().isLoopbackAddress()), addresses.toString());
        }
    }

    @Test
    void with_every_interface_asked_for_it_listens_on_the_wildcard_address() {
        LocalServerOptions options = LocalServerOptions.builder().port(0).bindAddress("0.0.0.0").build();
        try (LocalInferenceServer server = LocalInferenceServer.start(options, MODEL, TRIE)) {
            assertTrue(server.listenAddresses().stream().allMatch(a -> a.getAddress().isAnyLocalAddress()),
                    server.listenAddresses().toString());
        }
    }
}
