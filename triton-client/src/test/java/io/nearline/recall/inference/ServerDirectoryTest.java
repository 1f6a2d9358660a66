package io.nearline.recall.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ServerDirectoryTest {

    @Test
    void aFixedListIsSortedSoEveryClientOrdersServersAlike() throws Exception {
        ServerDirectory directory = ServerDirectory.of(fleet(FleetOptions.builder()
                .targets(List.of("c:8001", "a:8001", "b:8001", "a:8001")).build()));
        assertEquals(List.of("a:8001", "b:8001", "c:8001"), directory.resolve());
        assertFalse(directory.resolvesDns());
        assertEquals("", directory.authority());
    }

    @Test
    void withoutAFleetTheSingleTargetIsTheFleet() throws Exception {
        InferenceClientOptions options = InferenceClientOptions.builder().target("triton", 9001).build();
        assertEquals(List.of("triton:9001"), ServerDirectory.of(options).resolve());
    }

    @Test
    void aDnsNameBecomesOneServerPerAddressWithTheNameAsTlsAuthority() throws Exception {
        ServerDirectory directory = ServerDirectory.of(
                fleet(FleetOptions.builder().dnsName("triton-headless:8001").build()),
                host -> new InetAddress[] {InetAddress.getByName("10.0.0.9"), InetAddress.getByName("10.0.0.3"),
                        InetAddress.getByName("::1")});
        assertEquals(List.of("10.0.0.3:8001", "10.0.0.9:8001", "[0:0:0:0:0:0:0:1]:8001"), directory.resolve());
        assertEquals("triton-headless:8001", directory.authority());
    }

    @Test
    void localhostResolvesThroughTheSystemResolver() throws Exception {
        List<String> targets = ServerDirectory.of(fleet(FleetOptions.builder().dnsName("localhost:8001").build())).resolve();
        assertTrue(targets.contains("127.0.0.1:8001"), targets.toString());
    }

    @Test
    void membershipFollowsDnsAnswersKeepingServersThatStayAndSurvivingLookupFailures() throws Exception {
        AtomicReference<String[]> answer = new AtomicReference<>(new String[] {"10.0.0.1", "10.0.0.2"});
        ServerDirectory directory = ServerDirectory.of(fleet(FleetOptions.builder().dnsName("fleet:8001").build()),
                host -> {
                    if (answer.get() == null) {
                        throw new UnknownHostException(host);
                    }
                    InetAddress[] addresses = new InetAddress[answer.get().length];
                    for (int i = 0; i < addresses.length; i++) {
                        addresses[i] = InetAddress.getByName(answer.get()[i]);
                    }
                    return addresses;
                });
        FleetMembership membership = new FleetMembership(fleet(FleetOptions.builder().build()), directory);
        try {
            membership.refresh();
            FleetServer staying = membership.servers().get(1);
            assertEquals(List.of("10.0.0.1:8001", "10.0.0.2:8001"), targets(membership));

            answer.set(new String[] {"10.0.0.3", "10.0.0.2"});
            membership.refresh();
            assertEquals(List.of("10.0.0.2:8001", "10.0.0.3:8001"), targets(membership));
            assertSame(staying, membership.servers().get(0), "a server that stays keeps its channel and state");

            answer.set(null);
            membership.refresh();
            assertEquals(List.of("10.0.0.2:8001", "10.0.0.3:8001"), targets(membership));
        } finally {
            membership.close();
        }
    }

    private static List<String> targets(FleetMembership membership) {
        return membership.servers().stream().map(FleetServer::target).toList();
    }

    private static InferenceClientOptions fleet(FleetOptions fleet) {
        return InferenceClientOptions.builder().fleet(fleet).build();
    }
}
