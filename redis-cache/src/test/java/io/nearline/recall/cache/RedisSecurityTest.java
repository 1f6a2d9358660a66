package io.nearline.recall.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.recall.testing.EmbeddedRedisServer;
import io.nearline.recall.testing.SelfSignedCertificate;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The recall store against a redis-server that speaks only TLS and knows only an ACL user limited to the recall
 * keys, as a production Redis would be set up; the writer and the reader log in as that user (certificates made by
 * keytool for the test).
 */
class RedisSecurityTest {

    private static final String PASSWORD = "pw-71c2-not-for-logs";
    private static final List<String> ACL = List.of("user default off",
            "user recall-job on >" + PASSWORD + " ~recall:* +@read +@write +@scripting +ping +type");

    @TempDir
    static Path directory;
    private static SelfSignedCertificate server;
    private static SelfSignedCertificate client;
    private static SelfSignedCertificate stranger;
    private static EmbeddedRedisServer tlsOnly;
    private static EmbeddedRedisServer mutual;

    @BeforeAll
    static void start() throws Exception {
        server = SelfSignedCertificate.generate(directory, "localhost", "dns:localhost,ip:127.0.0.1");
        client = SelfSignedCertificate.generate(directory, "recall-job", "dns:recall-job");
        stranger = SelfSignedCertificate.generate(directory, "stranger", "dns:localhost,ip:127.0.0.1");
        tlsOnly = EmbeddedRedisServer.startTls(server.certificate(), server.privateKey(), null, ACL);
        mutual = EmbeddedRedisServer.startTls(server.certificate(), server.privateKey(), client.certificate(), ACL);
    }

    @AfterAll
    static void stop() {
        tlsOnly.close();
        mutual.close();
    }

    private static Map<String, String> config(EmbeddedRedisServer redis, String password, SelfSignedCertificate trusted) {
        Map<String, String> config = new HashMap<>();
        config.put("redis.host", "localhost");
        config.put("redis.port", Integer.toString(redis.port()));
        config.put("redis.user", "recall-job");
        config.put("redis.password", password);
        config.put("redis.socket-timeout", "5 s");
        if (trusted != null) {
            config.put("redis.tls.enabled", "true");
            config.put("redis.tls.trust-cert-file", trusted.certificate().toString());
        }
        return config;
    }

    /** Writes a recall of {@code user} and reads it back: the user it names, as the reader found it. */
    private static String writeThenRead(Map<String, String> config, String user) {
        RecallStoreOptions options = RecallStoreOptions.fromMap(config);
        // the test recall was generated at a fixed past instant; the reader may call it stale, but it reads it
        try (RecallWriter writer = new RecallWriter(options);
             RecallReader reader = new RecallReader(options, Clock.fixed(Recalls.T0, ZoneOffset.UTC))) {
            assertEquals(WriteOutcome.WRITTEN, writer.write(Recalls.result(user, 0, 0)));
            RecallLookup lookup = reader.read(user);
            assertEquals(RecallLookup.Status.FOUND, lookup.status(), lookup.detail());
            return lookup.recall().userId();
        }
    }

    @Test
    void theAclUserWritesAndReadsOverTls() {
        assertEquals("alice", writeThenRead(config(tlsOnly, PASSWORD, server), "alice"));
    }

    @Test
    void aWrongPasswordIsRefusedAndTheMessageHoldsNoPassword() {
        JedisException e = assertThrows(JedisException.class,
                () -> writeThenRead(config(tlsOnly, "guessed-password", server), "bob"));
        String messages = messages(e);
        assertTrue(messages.contains("WRONGPASS") || messages.contains("invalid username-password"), messages);
        assertFalse(messages.contains("guessed-password"), messages);
        assertFalse(RecallStoreOptions.fromMap(config(tlsOnly, PASSWORD, server)).toString().contains(PASSWORD));
    }

    @Test
    void aPlaintextClientAndAnUntrustedCertificateAreRefused() {
        assertThrows(JedisException.class, () -> writeThenRead(config(tlsOnly, PASSWORD, null), "carol"));
        assertThrows(JedisException.class, () -> writeThenRead(config(tlsOnly, PASSWORD, stranger), "dave"));
    }

    @Test
    void aServerAskingForClientCertificatesServesOnlyAClientWithOne() {
        assertThrows(JedisException.class, () -> writeThenRead(config(mutual, PASSWORD, server), "erin"));
        Map<String, String> withCertificate = config(mutual, PASSWORD, server);
        withCertificate.put("redis.tls.cert-chain-file", client.certificate().toString());
        withCertificate.put("redis.tls.private-key-file", client.privateKey().toString());
        assertEquals("frank", writeThenRead(withCertificate, "frank"));
    }

    @Test
    void tlsFilesWithoutTlsAreRefusedNamingTheKey() {
        Map<String, String> config = config(tlsOnly, PASSWORD, null);
        config.put("redis.tls.trust-cert-file", server.certificate().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecallStoreOptions.fromMap(config));
        assertTrue(e.getMessage().contains("redis.tls.enabled"), e.getMessage());
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
