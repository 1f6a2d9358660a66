package io.nearline.recall.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BalancerTest {

    private final Balancer balancer = new Balancer();
    private final List<String> servers = List.of("a:1", "b:1", "c:1", "d:1");

    @Test
    void aTicketPicksTheServerAtTicketModCountInTheStableOrder() {
        assertEquals("a:1", balancer.pick(servers, 0, s -> 0));
        assertEquals("c:1", balancer.pick(servers, 6, s -> 0));
        assertEquals("d:1", balancer.pick(servers, 4_000_000_000_007L, s -> 0));
        assertEquals("c:1", balancer.pick(List.of("a:1", "c:1"), 5, s -> 0), "after b and d were ejected");
    }

    @Test
    void consecutiveTicketsFromAnyNumberOfClientsSpreadExactlyEvenly() {
        Map<String, Integer> counts = new HashMap<>();
        Balancer[] clients = {new Balancer(), new Balancer(), new Balancer()};
        for (long ticket = 1; ticket <= 2000; ticket++) {
            Balancer client = clients[(int) (ticket * 7 % 3)];
            counts.merge(client.pick(servers, ticket, s -> 99), 1, Integer::sum);
        }
        assertEquals(Map.of("a:1", 500, "b:1", 500, "c:1", 500, "d:1", 500), counts);
    }

    @Test
    void withoutATicketTheServerWithFewestCallsInFlightIsPicked() {
        Map<String, Integer> inFlight = Map.of("a:1", 3, "b:1", 1, "c:1", 2, "d:1", 5);
        for (int i = 0; i < 8; i++) {
            assertEquals("b:1", balancer.pick(servers, Balancer.NO_TICKET, inFlight::get));
        }
    }

    @Test
    void tiesInFlightAreBrokenRoundRobin() {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            counts.merge(balancer.pick(servers, Balancer.NO_TICKET, s -> 0), 1, Integer::sum);
        }
        assertEquals(Map.of("a:1", 100, "b:1", 100, "c:1", 100, "d:1", 100), counts);
    }

    @Test
    void anEmptyListIsABug() {
        assertThrows(IllegalArgumentException.class, () -> balancer.pick(List.of(), 1, s -> 0));
    }
}
