package io.nearline.recall.job.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserStateCacheTest {

    private final List<String> written = new ArrayList<>();
    private final UserStateCache.Writer writer = (user, state) -> written.add(user);

    @Test
    void theLeastRecentlySeenUserIsEvicted_andWrittenOnlyIfChanged() throws Exception {
        UserStateCache cache = new UserStateCache(2);
        UserState a = new UserState();
        UserState b = new UserState();
        cache.loaded("a", a, writer);
        cache.changed("b", b, writer);
        assertSame(a, cache.get("a"), "a is now the most recently seen");
        cache.changed("c", new UserState(), writer);
        assertEquals(List.of("b"), written, "b was the least recently seen, and changed");
        assertNull(cache.get("b"));
        cache.loaded("d", new UserState(), writer);
        assertEquals(List.of("b"), written, "a, unchanged, is evicted without a write");
        assertNull(cache.get("a"));
        assertEquals(2, cache.size());
        assertEquals(1, cache.hits().getLocalValuePrimitive(), "a, once");
        assertEquals(2, cache.misses().getLocalValuePrimitive(), "b and a, after their eviction");
    }

    @Test
    void aFlush_writesEveryChangedUserOnce_andKeepsThemCached() throws Exception {
        UserStateCache cache = new UserStateCache(10);
        cache.changed("a", new UserState(), writer);
        cache.loaded("b", new UserState(), writer);
        cache.changed("c", new UserState(), writer);
        cache.flush(writer);
        assertEquals(List.of("a", "c"), written);
        cache.flush(writer);
        assertEquals(List.of("a", "c"), written, "nothing changed since");
        cache.changed("b", cache.get("b"), writer);
        cache.flush(writer);
        assertEquals(List.of("a", "c", "b"), written);
        assertEquals(3, cache.size());
        assertEquals(3, cache.writes().getLocalValuePrimitive());
    }

    @Test
    void hitsAndMisses_areCounted() throws Exception {
        UserStateCache cache = new UserStateCache(1);
        assertNull(cache.get("a"));
        cache.loaded("a", new UserState(), writer);
        cache.get("a");
        cache.get("a");
        assertEquals(2, cache.hits().getLocalValuePrimitive());
        assertEquals(1, cache.misses().getLocalValuePrimitive());
    }

    @Test
    void aCacheOfNoUsers_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new UserStateCache(0));
    }
}
