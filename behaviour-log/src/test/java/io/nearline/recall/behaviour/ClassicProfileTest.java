package io.nearline.recall.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nearline.recall.avro.BehaviourEvent;
import io.nearline.recall.avro.MarketingObject;
import io.nearline.recall.avro.UserProfileUpdate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The classic profile is the generator as it was before profiles existed: the digests below were recorded from that
 * code (commit 68f083c), so every earlier figure measured on the generator stays reproducible.
 */
class ClassicProfileTest {

    /** SHA-256 of the default log's 200,000 events, recorded before profiles existed. */
    private static final String DEFAULT_EVENTS = "5d8bd520e335e0e99415515ae7f4460e7fd24a7ea6991d084a400b9ce28ff159";
    private static final String DEFAULT_CATALOGUE = "ddfcfcc3202fb438121f9a9d435c7619b66eea265fdea1ba7bcae34f83539a25";
    private static final String DEFAULT_PROFILES = "1ee2b7c7fc6fc96c6f0cc8a37ee7b021a8e90461ffa1682da01d4aac7d1f4a68";
    /** A small world on another seed, rebased: 20,000 events. */
    private static final String SMALL_REBASED_EVENTS = "1292817c18666274bfebdb7d386a5ab5d791d9fb55edb517c87085e2b881e747";
    private static final String FIRST_DEFAULT_EVENT = "e1|u607|m3099|IMPRESSION|AD|1767225692416|null|60.32|{placement=splash}\n";

    private static final BehaviourLogOptions SMALL_REBASED = BehaviourLogOptions.builder().seed(7).users(300)
            .objects(800).categories(12).events(20_000).rebaseEndTime(Instant.parse("2030-06-01T12:00:00Z")).build();

    @Test
    void defaultLogIsByteForByteTheOneRecordedBeforeProfiles() {
        BehaviourGenerator log = new BehaviourGenerator(BehaviourLogOptions.defaults());
        assertEquals(FIRST_DEFAULT_EVENT, canonical(log.events().next()));
        assertEquals(DEFAULT_EVENTS, eventsDigest(log));
        assertEquals(DEFAULT_CATALOGUE, catalogueDigest(log));
        assertEquals(DEFAULT_PROFILES, profilesDigest(log));
    }

    @Test
    void smallRebasedLogOnAnotherSeedIsTheOneRecordedBeforeProfiles() {
        assertEquals(SMALL_REBASED_EVENTS, eventsDigest(new BehaviourGenerator(SMALL_REBASED)));
    }

    static String eventsDigest(BehaviourLog log) {
        MessageDigest digest = sha256();
        for (Iterator<BehaviourEvent> it = log.events(); it.hasNext(); ) {
            digest.update(canonical(it.next()).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String canonical(BehaviourEvent e) {
        return e.getEventId() + '|' + e.getUserId() + '|' + e.getObjectId() + '|' + e.getAction() + '|'
                + e.getDomain() + '|' + e.getEventTime().toEpochMilli() + '|' + e.getPrice() + '|' + e.getEcpm()
                + '|' + new TreeMap<>(e.getAttributes()) + '\n';
    }

    private static String catalogueDigest(BehaviourLog log) {
        MessageDigest digest = sha256();
        for (MarketingObject o : log.catalogue()) {
            digest.update((o.getObjectId() + '|' + sorted(o.getText()) + '|' + sorted(o.getAttributes()) + '|'
                    + o.getStatus() + '|' + o.getUpdateTime().toEpochMilli() + '\n').getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String profilesDigest(BehaviourLog log) {
        MessageDigest digest = sha256();
        for (UserProfileUpdate p : log.profiles()) {
            digest.update((p.getUserId() + '|' + p.getArpu() + '|' + sorted(p.getAttributes()) + '|'
                    + p.getUpdateTime().toEpochMilli() + '\n').getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static Map<String, String> sorted(Map<? extends CharSequence, ? extends CharSequence> map) {
        Map<String, String> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put(k.toString(), v.toString()));
        return sorted;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
