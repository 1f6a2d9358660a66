package io.nearline.recall.inference;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;

/**
 * A fixed list of {@code host:port} targets as one gRPC name: every target is an address of its own, so gRPC's
 * load balancing sees the whole fleet behind one channel ({@code triton.fleet.targets}; a DNS name uses gRPC's own
 * resolver instead).
 */
final class FleetAddresses extends NameResolver.Factory {

    static final String SCHEME = "nearline-fleet";

    private final List<String> targets;
    private final String authority;

    FleetAddresses(List<String> targets, String authority) {
        this.targets = List.copyOf(targets);
        this.authority = authority;
    }

    /** The channel target this factory resolves. */
    static String target() {
        return SCHEME + ":///fleet";
    }

    @Override
    public NameResolver newNameResolver(URI uri, NameResolver.Args args) {
        if (!SCHEME.equals(uri.getScheme())) {
            return null;
        }
        return new NameResolver() {
            @Override
            public String getServiceAuthority() {
                return authority;
            }

            @Override
            public void start(Listener2 listener) {
                try {
                    List<EquivalentAddressGroup> addresses = targets.stream().map(target -> {
                        String[] hostPort = FleetOptions.requireHostPort(target);
                        return new EquivalentAddressGroup(
                                new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
                    }).toList();
                    listener.onResult(ResolutionResult.newBuilder().setAddresses(addresses).build());
                } catch (RuntimeException e) {
                    listener.onError(Status.UNAVAILABLE.withDescription("cannot resolve " + targets).withCause(e));
                }
            }

            @Override
            public void shutdown() {}
        };
    }

    @Override
    public String getDefaultScheme() {
        return SCHEME;
    }
}
